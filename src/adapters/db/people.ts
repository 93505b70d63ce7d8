// People rows: found or created by address inside the caller's transaction. I/O: database.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from './client.ts';
import { people } from './schema.ts';

export interface PersonRow { id: number; email: string; name: string; isAdmin: boolean; undeliverableAt: Date | null }

/**
 * The person with this address, created when new; a known name is filled in when we had none.
 * Reads first and writes only when something changes, so concurrent transactions that name
 * the same person do not queue behind each other's row lock.
 */
export async function upsertPerson(tx: Tx | Db, email: string, name = ''): Promise<PersonRow> {
  const address = email.trim().toLowerCase();
  const [found] = await tx.select().from(people).where(eq(people.email, address));
  if (found && (found.name !== '' || name === '')) return found;
  const [row] = await tx
    .insert(people)
    .values({ email: address, name })
    .onConflictDoUpdate({ target: people.email, set: { name: sql`case when ${people.name} = '' then excluded.name else ${people.name} end` } })
    .returning();
  return row!;
}

export async function findPeopleByEmail(tx: Tx | Db, emails: string[]): Promise<PersonRow[]> {
  if (emails.length === 0) return [];
  return tx.select().from(people).where(inArray(people.email, emails.map((e) => e.toLowerCase())));
}

export async function findPersonById(tx: Tx | Db, id: number): Promise<PersonRow | null> {
  const [row] = await tx.select().from(people).where(eq(people.id, id));
  return row ?? null;
}

/** The admins (ADMIN_EMAILS and people marked admin) and, as staff #assign may name, each with the name we know. */
export async function findStaff(db: Tx | Db, configuredAdmins: string[]): Promise<{ admins: string[]; staff: { email: string; name: string }[] }> {
  const marked = await db.select({ email: people.email }).from(people).where(eq(people.isAdmin, true));
  const admins = [...new Set([...configuredAdmins, ...marked.map((m) => m.email)])];
  const rows = admins.length ? await db.select({ email: people.email, name: people.name }).from(people).where(inArray(people.email, admins)) : [];
  const names = new Map(rows.map((r) => [r.email, r.name]));
  return { admins, staff: admins.map((email) => ({ email, name: names.get(email) ?? '' })) };
}
