// `deskmail people list|admin|unadmin|deliverable|signout|revoke`: who is known, who is a local
// administrator (in addition to ADMIN_EMAILS), ending a person's web sign-ins, and voiding a
// person's older reply addresses. Only `admin` may name someone the help desk does not know yet
// (an admin before their first mail); the others act on a known person and say when nobody has
// the address, so a typo is never reported as done.
import { asc, eq, sql } from 'drizzle-orm';
import { findPeopleByEmail, upsertPerson } from '../adapters/db/people.ts';
import { people } from '../adapters/db/schema.ts';
import { revokeSignIns } from '../adapters/db/web-people.ts';
import { readEmailAddress } from '../config.ts';
import { markDeliverable } from '../workers/held-mail.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

const USAGE = 'usage: deskmail people list | admin EMAIL | unadmin EMAIL | deliverable EMAIL | signout EMAIL | revoke EMAIL\n';
const ACTIONS = ['admin', 'unadmin', 'deliverable', 'signout', 'revoke'];

export async function peopleCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, given] = args;
  if (sub === 'list') {
    return withDatabase(async ({ db }, config) => {
      const rows = await db.select().from(people).orderBy(asc(people.email));
      const data = rows.map((p) => ({ email: p.email, name: p.name, admin: p.isAdmin || config.ADMIN_EMAILS.includes(p.email), undeliverable: p.undeliverableReason }));
      print(values.json, data, () => data.map((p) => `${p.email.padEnd(36)} ${p.admin ? 'admin' : '     '} ${p.name}${p.undeliverable ? `  [undeliverable: ${p.undeliverable}]` : ''}`).join('\n') || 'nobody yet');
      return 0;
    });
  }
  if (!sub || !ACTIONS.includes(sub) || given === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const email = readEmailAddress(given);
  if (email === null) {
    process.stderr.write(`deskmail people ${sub}: ${JSON.stringify(given)} is not an email address\n`);
    return 2;
  }
  const nobody = () => {
    process.stderr.write(`deskmail people ${sub}: nobody has the address ${email}; nothing changed (people list shows who is known)\n`);
    return 1;
  };
  return withDatabase(async ({ db }, config) => {
    if (sub === 'deliverable') {
      const address = await markDeliverable(db, email);
      if (!address) return nobody();
      process.stdout.write(`${address} gets status mail again\n`);
      return 0;
    }
    if (sub === 'revoke') {
      // Every reply address this person was sent so far stops working; new mail carries new ones.
      const [row] = await db.update(people).set({ tokenEpoch: sql`${people.tokenEpoch} + 1` }).where(eq(people.email, email)).returning({ email: people.email, epoch: people.tokenEpoch });
      if (!row) return nobody();
      process.stdout.write(`${row.email}: every older reply address is now invalid (epoch ${row.epoch})\n`);
      return 0;
    }
    if (sub === 'admin') {
      const person = await upsertPerson(db, email);
      await db.update(people).set({ isAdmin: true }).where(eq(people.id, person.id));
      process.stdout.write(`${person.email} is now an admin\n`);
      return 0;
    }
    if (sub === 'unadmin') {
      const [person] = await findPeopleByEmail(db, [email]);
      if (person) await db.update(people).set({ isAdmin: false }).where(eq(people.id, person.id));
      if (config.ADMIN_EMAILS.includes(email)) {
        // ADMIN_EMAILS makes an admin whatever the database says: said, not claimed done.
        process.stderr.write(`${email} is still an admin: it is in ADMIN_EMAILS; remove it there and restart the service\n`);
        return 1;
      }
      if (!person) return nobody();
      process.stdout.write(`${person.email} is no longer an admin\n`);
      return 0;
    }
    // signout: every sign-in link and web session of this person stops working (a lost phone, a leaked link).
    if (!(await revokeSignIns(db, email))) return nobody();
    process.stdout.write(`${email} is signed out everywhere; older links no longer work\n`);
    return 0;
  });
}
