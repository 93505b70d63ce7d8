// People rows: found or created by address inside the caller's transaction. I/O: database.
import { eq, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { builtOnce, type Db, type Tx } from './client.ts';
import { people } from './schema.ts';

export interface PersonRow { id: number; email: string; name: string; nameVerified: boolean; isAdmin: boolean; undeliverableAt: Date | null }

/** What upsertPerson and findPeopleByEmail run, several times a message, built once (client.ts builtOnce). */
const statementsFor = builtOnce((db) => ({
  byEmail: db.select().from(people).where(eq(people.email, sql.placeholder('email'))).prepare('person_by_email'),
  // The addresses as one array: one statement however many there are (`in` took a parameter each).
  byEmails: db.select().from(people).where(sql`${people.email} = any(${sql.placeholder('emails')}::text[])`).prepare('people_by_emails'),
  rename: db.update(people).set({ name: sql.placeholder('name') as unknown as string }).where(eq(people.id, sql.placeholder('id'))).returning().prepare('person_rename'),
  add: db.insert(people)
    .values({ email: sql.placeholder('email') as unknown as string, name: sql.placeholder('name') as unknown as string, nameVerified: sql.placeholder('nameVerified') as unknown as boolean })
    .onConflictDoUpdate({
      target: people.email,
      set: {
        name: sql`case when ${people.name} = '' then excluded.name else ${people.name} end`,
        nameVerified: sql`case when ${people.name} = '' then excluded.name_verified else ${people.nameVerified} end`,
      },
    })
    .returning()
    .prepare('person_add'),
}));

/**
 * The person with this address, created when new. A name is filled in when we had none; a stored
 * name is replaced only by a name from mail that proved the person (`nameVerified`) and only when
 * the stored one came from such mail too. Reads first and writes only when something changes, so
 * concurrent transactions that name the same person do not queue behind each other's row lock.
 */
export async function upsertPerson(tx: Tx | Db, email: string, name = '', nameVerified = false): Promise<PersonRow> {
  const address = email.trim().toLowerCase();
  // Within one transaction the same person is named several times (the submitter, then as the
  // actor of each event): the row this transaction last read or wrote stands in for a new read.
  const seen = tx instanceof PgTransaction ? seenIn(tx) : null;
  const statements = statementsFor(tx);
  const [found] = seen?.has(address) ? [seen.get(address)!] : await statements.byEmail.execute({ email: address });
  const done = (row: PersonRow) => {
    seen?.set(address, row);
    return row;
  };
  if (found && (name === '' || found.name === name)) return done(found);
  if (found && found.name !== '') {
    if (!nameVerified || !found.nameVerified) return done(found);
    const [renamed] = await statements.rename.execute({ name, id: found.id });
    return done(renamed!);
  }
  const [row] = await statements.add.execute({ email: address, name, nameVerified });
  return done(row!);
}

/** People rows each open transaction has read or written, by address; gone with the transaction. */
const seenByTx = new WeakMap<object, Map<string, PersonRow>>();
function seenIn(tx: object): Map<string, PersonRow> {
  let seen = seenByTx.get(tx);
  if (!seen) seenByTx.set(tx, (seen = new Map()));
  return seen;
}

export async function findPeopleByEmail(tx: Tx | Db, emails: string[]): Promise<PersonRow[]> {
  if (emails.length === 0) return [];
  return statementsFor(tx).byEmails.execute({ emails: emails.map((e) => e.toLowerCase()) });
}

export async function findPersonById(tx: Tx | Db, id: number): Promise<PersonRow | null> {
  const [row] = await tx.select().from(people).where(eq(people.id, id));
  return row ?? null;
}

/** The person's reply-token epoch (`deskmail people revoke` raises it); 0 for nobody stored. */
export async function tokenEpochOf(db: Tx | Db, id: number): Promise<number> {
  const [row] = await db.select({ epoch: people.tokenEpoch }).from(people).where(eq(people.id, id));
  return row?.epoch ?? 0;
}

/** The admins (ADMIN_EMAILS and people marked admin) and, as staff #assign may name, each with the name we know. */
export async function findStaff(db: Tx | Db, configuredAdmins: string[]): Promise<{ admins: string[]; staff: { email: string; name: string }[] }> {
  const marked = await db.select({ email: people.email }).from(people).where(eq(people.isAdmin, true));
  const admins = [...new Set([...configuredAdmins, ...marked.map((m) => m.email)])];
  const rows = admins.length ? await db.select({ email: people.email, name: people.name }).from(people).where(inArray(people.email, admins)) : [];
  const names = new Map(rows.map((r) => [r.email, r.name]));
  return { admins, staff: admins.map((email) => ({ email, name: names.get(email) ?? '' })) };
}
