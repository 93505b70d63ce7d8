// People as the web sees them: who a session or a sign-in link names, found by id or address,
// and the per-person sign-in epoch that revokes every link and session at once. I/O: database.
import { eq, sql } from 'drizzle-orm';
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
