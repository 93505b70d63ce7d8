// `deskmail people list|admin|unadmin|deliverable|signout|revoke`: who is known, who is a local
// administrator (in addition to ADMIN_EMAILS), ending a person's web sign-ins, and voiding a
// person's older reply addresses.
import { asc, eq, sql } from 'drizzle-orm';
import { upsertPerson } from '../adapters/db/people.ts';
import { people } from '../adapters/db/schema.ts';
import { revokeSignIns } from '../adapters/db/web-people.ts';
import { markDeliverable } from '../workers/held-mail.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

export async function peopleCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, email] = args;
  return withDatabase(async ({ db }, config) => {
    if (sub === 'list') {
      const rows = await db.select().from(people).orderBy(asc(people.email));
      const data = rows.map((p) => ({ email: p.email, name: p.name, admin: p.isAdmin || config.ADMIN_EMAILS.includes(p.email), undeliverable: p.undeliverableReason }));
      print(values.json, data, () => data.map((p) => `${p.email.padEnd(36)} ${p.admin ? 'admin' : '     '} ${p.name}${p.undeliverable ? `  [undeliverable: ${p.undeliverable}]` : ''}`).join('\n') || 'nobody yet');
      return 0;
    }
    if (sub === 'deliverable' && email && email.includes('@')) {
      const address = await markDeliverable(db, email);
      process.stdout.write(`${address} gets status mail again\n`);
      return 0;
    }
    if (sub === 'revoke' && email && email.includes('@')) {
      // Every reply address this person was sent so far stops working; new mail carries new ones.
      const person = await upsertPerson(db, email);
      const [row] = await db.update(people).set({ tokenEpoch: sql`${people.tokenEpoch} + 1` }).where(eq(people.id, person.id)).returning({ epoch: people.tokenEpoch });
      process.stdout.write(`${person.email}: every older reply address is now invalid (epoch ${row!.epoch})\n`);
      return 0;
    }
    if ((sub === 'admin' || sub === 'unadmin') && email && email.includes('@')) {
      const person = await upsertPerson(db, email);
      await db.update(people).set({ isAdmin: sub === 'admin' }).where(eq(people.id, person.id));
      if (sub === 'unadmin' && config.ADMIN_EMAILS.includes(person.email)) {
        // ADMIN_EMAILS makes an admin whatever the database says: said, not claimed done.
        process.stderr.write(`${person.email} is still an admin: it is in ADMIN_EMAILS; remove it there and restart the service\n`);
        return 1;
      }
      process.stdout.write(`${person.email} is ${sub === 'admin' ? 'now' : 'no longer'} an admin\n`);
      return 0;
    }
    if (sub === 'signout' && email && email.includes('@')) {
      // Every sign-in link and web session of this person stops working (a lost phone, a leaked link).
      const known = await revokeSignIns(db, email);
      process.stdout.write(known ? `${email.toLowerCase()} is signed out everywhere; older links no longer work\n` : `nobody has the address ${email}\n`);
      return known ? 0 : 1;
    }
    process.stderr.write('usage: deskmail people list | admin EMAIL | unadmin EMAIL | deliverable EMAIL | signout EMAIL | revoke EMAIL\n');
    return 2;
  });
}
