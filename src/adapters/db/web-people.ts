// People as the web sees them: who a session or a sign-in link names, found by id or address,
// and the per-person sign-in epoch that revokes every link and session at once. I/O: database.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { people } from './schema.ts';

export interface WebPerson { id: number; email: string; name: string; isAdmin: boolean; signInEpoch: number; undeliverableAt: Date | null }

const columns = { id: people.id, email: people.email, name: people.name, isAdmin: people.isAdmin, signInEpoch: people.signInEpoch, undeliverableAt: people.undeliverableAt };

export async function findWebPersonById(db: Db, id: number): Promise<WebPerson | null> {
  const [row] = await db.select(columns).from(people).where(eq(people.id, id));
  return row ?? null;
}

export async function findWebPersonByEmail(db: Db, email: string): Promise<WebPerson | null> {
  const [row] = await db.select(columns).from(people).where(eq(people.email, email.trim().toLowerCase()));
  return row ?? null;
}

/** Every sign-in link and web session this person holds stops working. False when nobody has the address. */
export async function revokeSignIns(db: Db, email: string): Promise<boolean> {
  const rows = await db.update(people).set({ signInEpoch: sql`${people.signInEpoch} + 1` }).where(eq(people.email, email.trim().toLowerCase())).returning({ id: people.id });
  return rows.length > 0;
}

/**
 * The name and phone a web form gave for a person (an empty value leaves the old one). With
 * `onlyMissing`, only what we do not have yet is filled in: someone else's details are completed,
 * never replaced (a person's row is theirs on every ticket and in every status mail).
 */
export async function setPersonDetails(db: Db, email: string, details: { name?: string; phone?: string }, options: { onlyMissing?: boolean } = {}): Promise<void> {
  const fill = (column: typeof people.name | typeof people.phone, value: string) =>
    (options.onlyMissing ? sql`case when ${column} = '' then ${value} else ${column} end` : value) as unknown as string;
  const set: { name?: string; phone?: string } = {};
  if (details.name) set.name = fill(people.name, details.name);
  if (details.phone) set.phone = fill(people.phone, details.phone);
  if (Object.keys(set).length === 0) return;
  await db.update(people).set(set).where(eq(people.email, email.trim().toLowerCase()));
}

export async function phonesOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: people.id, phone: people.phone }).from(people).where(inArray(people.id, ids));
  return new Map(rows.map((r) => [r.id, r.phone]));
}
