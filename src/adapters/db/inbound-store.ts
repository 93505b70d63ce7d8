// Raw inbound mail in PostgreSQL: stored once per (mailbox, UIDVALIDITY, UID) before anything
// else happens, the mailbox cursor (with the count of a message the server keeps refusing), and
// the quarantine an admin works through. I/O: database.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, lte, ne, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { singleFieldOfBinaryCopy } from './binary-copy.ts';
import { builtOnce, perHandle, type Db, type Tx } from './client.ts';
import { inboundMessages, mailboxCursors } from './schema.ts';
import { readKeptVerdict, type SenderAuth } from '../../inbound/sender-auth.ts';

export type InboundRow = typeof inboundMessages.$inferSelect;

/** Another message already handled that is the same mail (findHandledDuplicate), by the ticket it went to. */
export interface HandledDuplicate { ticketId: number | null }
export type LoadedInbound = InboundRow & { handledDuplicate: HandledDuplicate | null };

/**
 * Rows that are the same mail as a message with this Message-ID (or, without one, these bytes) and
 * this content fingerprint: under a Message-ID, one whose fingerprint agrees or was never stored
 * (handled before fingerprints were kept); any of them when the message's own is not known.
 */
export function sameMailAs(own: { messageId: string | Placeholder | null; rawSha256: string | Placeholder; fingerprint: string | Placeholder | null }): SQL {
  if (!own.messageId) return eq(inboundMessages.rawSha256, own.rawSha256);
  const sameId = eq(inboundMessages.messageId, own.messageId);
  return own.fingerprint === null ? sameId
    : and(sameId, or(isNull(inboundMessages.contentFingerprint), eq(inboundMessages.contentFingerprint, own.fingerprint)))!;
}

/**
 * selectHandledDuplicate's statement for each way sameMailAs compares (by content, by Message-ID,
 * by Message-ID and fingerprint), built once: the ticket store runs it for every message it files.
 */
const duplicateLookupsFor = builtOnce((db) => {
  const handled = (same: SQL) => db.select({ ticketId: inboundMessages.ticketId }).from(inboundMessages)
    .where(and(same, ne(inboundMessages.id, sql.placeholder('id')), inArray(inboundMessages.status, ['processed', 'ignored'])))
    .orderBy(sql`${inboundMessages.contentFingerprint} is null`)
    .limit(1);
  const [messageId, rawSha256, fingerprint] = [sql.placeholder('messageId'), sql.placeholder('rawSha256'), sql.placeholder('fingerprint')];
  return {
    byContent: handled(sameMailAs({ messageId: null, rawSha256, fingerprint: null })).prepare('handled_duplicate_by_content'),
    byMessageId: handled(sameMailAs({ messageId, rawSha256, fingerprint: null })).prepare('handled_duplicate_by_message_id'),
    byMessageIdAndContent: handled(sameMailAs({ messageId, rawSha256, fingerprint })).prepare('handled_duplicate_by_message_id_and_content'),
  };
});

/**
 * Another message than `id`, already handled, that is the same mail as `own` (sameMailAs), by the
 * ticket it went to; one whose fingerprint agrees before one handled before fingerprints were kept.
 * The ticket only: the whole row would bring the other message's raw bytes along.
 */
export async function selectHandledDuplicate(db: Db | Tx, id: number, own: { messageId: string | null; rawSha256: string; fingerprint: string | null }): Promise<HandledDuplicate | null> {
  const lookups = duplicateLookupsFor(db);
  const lookup = !own.messageId ? lookups.byContent : own.fingerprint === null ? lookups.byMessageId : lookups.byMessageIdAndContent;
  const [row] = await lookup.execute({ id, ...own });
  return row ?? null;
}

/**
 * findHandledDuplicate as a column of the row's own select, before the message is parsed: by
 * Message-ID (its content not compared yet: see databaseLookup), or by content for a message
 * without one (the second look only runs then). The row's columns are named with their table, as
 * drizzle leaves them bare in a select list and `d` has the same ones.
 */
const handledDuplicateOfRow = sql<HandledDuplicate | null>`coalesce(
  (select json_build_object('ticketId', d.ticket_id) from inbound_messages d
    where d.message_id = inbound_messages.message_id and d.id <> inbound_messages.id and d.status in ('processed', 'ignored') limit 1),
  (select json_build_object('ticketId', d.ticket_id) from inbound_messages d
    where inbound_messages.message_id is null and d.raw_sha256 = inbound_messages.raw_sha256 and d.id <> inbound_messages.id and d.status in ('processed', 'ignored') limit 1))`;

/** The outcome of a quarantined message an admin put back in line (until it is processed again). */
export const RELEASED = 'released';

/**
 * Raw mail is read from the database in slices of this many bytes: a message up to this size
 * comes with its row, a larger one slice by slice into one buffer (each slice's transient copies
 * stay this small, which keeps a large message's peak memory near its own size).
 */
export const RAW_SLICE_BYTES = 1024 * 1024;
/**
 * And written in slices of this many (as bytes, not text): a message up to this size goes in one
 * statement, as each slice after the first makes the server read back and rewrite all before it.
 */
const WRITE_SLICE_BYTES = 16 * 1024 * 1024;

/** The Message-ID from the raw header block, without parsing the whole message. */
export function sniffMessageId(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end > 0 ? Math.min(end, 256 * 1024) : Math.min(raw.length, 256 * 1024)).toString('latin1');
  const m = /^message-id:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]+@[^\s<>]+)>?/im.exec(head);
  return m ? m[1]!.slice(0, 998) : null;
}

/**
 * The row load() reads, with and without the first slice of its bytes, and the sender check's
 * verdict kept with it, built once per database handle (drizzle builds a query's text anew on every
 * call; these run once per message).
 */
function prepareLoads(db: Db) {
  const { raw: _raw, ...columns } = getTableColumns(inboundMessages);
  const withDuplicate = { ...columns, handledDuplicate: handledDuplicateOfRow };
  const byId = eq(inboundMessages.id, sql.placeholder('id'));
  return {
    row: db.select(withDuplicate).from(inboundMessages).where(byId).prepare('inbound_load'),
    rowAndFirstSlice: db.select({ ...withDuplicate, first: sql<string | null>`case when ${inboundMessages.size} <= ${RAW_SLICE_BYTES} then encode(${inboundMessages.raw}, 'base64') end` })
      .from(inboundMessages).where(byId).prepare('inbound_load_with_bytes'),
    // The first verdict kept stands; a later one (JSON text) only fills an empty one.
    keepVerdict: db.update(inboundMessages)
      .set({ senderVerdict: sql`coalesce(${inboundMessages.senderVerdict}, ${sql.placeholder('verdict')}::jsonb)` })
      .where(byId).returning({ senderVerdict: inboundMessages.senderVerdict }).prepare('inbound_keep_verdict'),
  };
}
const loadsFor = perHandle(prepareLoads);

/** Rows whose raw mail one retention statement clears: a few hundred, so its locks are brief. */
export const RETENTION_BATCH = 300;

/** Raw mail this process stored and has not processed yet, kept for its own process-mail. */
const HANDOFF_BYTES = 32 * 1024 * 1024;
const HANDOFF_MS = 60_000;

/** A message stored already quarantined (mail over MAX_MESSAGE_MB, of which only the headers were read). */
export interface HeldOnArrival { code: string; reason: string }

const heldColumns = (held: HeldOnArrival | undefined) =>
  held ? { status: 'quarantined', outcome: `quarantined:${held.code}`, reason: held.reason, processedAt: sql`now()` } : {};

/** The outcome of a message the mail server refused to give us (inbound/fetch-refusal.ts): held, never downloaded. */
const FETCH_REFUSED_OUTCOME = 'quarantined:FETCH_REFUSED';

/** Mail waiting for an admin: held, or asked to be fetched again (a FETCH_REFUSED hold an admin retried). */
const HELD_STATUSES = ['quarantined', 'refetch'];


/**
 * Inside a transaction: locks the mailbox's cursor and says whether a fetcher with this fencing
 * token may still write for it (no holder of a newer lease moved the cursor since).
 */
async function holdsFence(tx: Tx, mailbox: string, fence: number): Promise<boolean> {
  const [row] = await tx.select({ fence: mailboxCursors.fence }).from(mailboxCursors).where(eq(mailboxCursors.mailbox, mailbox)).for('update');
  return !row || row.fence <= fence;
}

/**
 * Inside a transaction: its statements are planned generically, without their parameters' values.
 * A statement's first plans are custom, built with each parameter in the plan as a constant: for
 * the statements that carry raw mail, the server copied every message's bytes twice over in
 * planning (a quarter of its CPU in storing mail, measured with bench/raw-store.ts). A batch's INSERT, whose text changes with its row
 * count, is always new, so it was always planned so.
 */
async function planWithoutValues(tx: Tx): Promise<void> {
  await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
}

/** Inside a transaction: appends `raw` after its first slice (already written with the row) to row `id`, a slice at a time. */
async function appendRest(tx: Tx, id: number, raw: Buffer): Promise<void> {
  for (let offset = WRITE_SLICE_BYTES; offset < raw.length; offset += WRITE_SLICE_BYTES) {
    const slice = raw.subarray(offset, offset + WRITE_SLICE_BYTES);
    await tx.update(inboundMessages).set({ raw: sql`${inboundMessages.raw} || ${slice}` }).where(eq(inboundMessages.id, id));
  }
}

export class InboundStore {
  /**
   * Raw bytes of rows this instance just stored, by id, so that process-mail in the same process
   * need not read them back (the bytes are in the row already: this only saves the read). Taken
   * once; bounded in bytes and age, since another worker may process what this one fetched.
   */
  private readonly handoff = new Map<number, { raw: Buffer; at: number }>();
  private handoffBytes = 0;

  constructor(private readonly db: Db) {}

  private keep(id: number, raw: Buffer): void {
    const now = Date.now();
    for (const [oldId, entry] of this.handoff) {
      if (now - entry.at < HANDOFF_MS) break; // in insertion order: the rest are younger
      this.takeKept(oldId);
    }
    if (this.handoffBytes + raw.length > HANDOFF_BYTES) return; // read back from the row instead
    this.handoff.set(id, { raw, at: now });
    this.handoffBytes += raw.length;
  }

  private takeKept(id: number): Buffer | undefined {
    const entry = this.handoff.get(id);
    if (!entry) return undefined;
    this.handoff.delete(id);
    this.handoffBytes -= entry.raw.length;
    return entry.raw;
  }

  /**
   * Stores a raw message; returns its id and whether it was new (false when already stored). A
   * message `held` is stored quarantined with its reason, in the same statement: it is never
   * pending, so nothing (the recover task included) can take it for processing.
   * `claimedUntil`: the caller files the message itself and recovery must not take it before then
   * (a web request or upload, stored just before its page files it).
   */
  async store(input: { mailbox: string; uidValidity: number; uid: number; raw: Buffer; claimedUntil?: Date; held?: HeldOnArrival }): Promise<{ id: number; isNew: boolean }> {
    const messageId = sniffMessageId(input.raw);
    const rawSha256 = createHash('sha256').update(input.raw).digest('hex');
    // Written in slices, in one transaction (a crash leaves no half message), as bytes: the
    // driver sends a bytea parameter in binary format (patches/postgres+3.4.9.patch), not as
    // hex text twice its size that both ends would have to build and parse.
    const id = await this.db.transaction(async (tx) => {
      await planWithoutValues(tx);
      const [row] = await tx.insert(inboundMessages)
        .values({ mailbox: input.mailbox, uidValidity: input.uidValidity, uid: input.uid, raw: input.raw.subarray(0, WRITE_SLICE_BYTES), size: input.raw.length, messageId, rawSha256, claimedUntil: input.claimedUntil ?? null, ...heldColumns(input.held) })
        .onConflictDoNothing()
        .returning({ id: inboundMessages.id });
      if (!row) return null;
      await appendRest(tx, row.id, input.raw);
      return row.id;
    });
    if (id !== null) {
      if (!input.held) this.keep(id, input.raw);
      return { id, isNew: true };
    }
    const [existing] = await this.db.select({ id: inboundMessages.id }).from(inboundMessages)
      .where(and(eq(inboundMessages.mailbox, input.mailbox), eq(inboundMessages.uidValidity, input.uidValidity), eq(inboundMessages.uid, input.uid)));
    return { id: existing!.id, isNew: false };
  }

  /**
   * Stores several raw messages of one mailbox; returns, in input order, each one's id and
   * whether it was new. Messages of at most one slice go in one multi-row INSERT (one statement
   * and one commit for the lot, all or none); larger ones through store(), one by one.
   */
  async storeMany(mailbox: string, uidValidity: number, messages: { uid: number; raw: Buffer; held?: HeldOnArrival }[]): Promise<{ id: number; isNew: boolean }[]> {
    const small = messages.filter((m) => m.raw.length <= WRITE_SLICE_BYTES);
    const inserted = new Map<number, number>();
    if (small.length) {
      const rows = await this.db.transaction(async (tx) => {
        await planWithoutValues(tx);
        return tx.insert(inboundMessages).values(small.map((m) => ({
          mailbox, uidValidity, uid: m.uid, raw: m.raw, size: m.raw.length, messageId: sniffMessageId(m.raw), rawSha256: createHash('sha256').update(m.raw).digest('hex'),
          ...heldColumns(m.held),
        }))).onConflictDoNothing().returning({ id: inboundMessages.id, uid: inboundMessages.uid });
      });
      for (const r of rows) inserted.set(r.uid, r.id);
      for (const m of small) if (inserted.has(m.uid) && !m.held) this.keep(inserted.get(m.uid)!, m.raw);
    }
    const out: { id: number; isNew: boolean }[] = [];
    const seenBefore = small.filter((m) => !inserted.has(m.uid)).map((m) => m.uid);
    const existing = new Map(seenBefore.length === 0 ? [] : (await this.db.select({ id: inboundMessages.id, uid: inboundMessages.uid }).from(inboundMessages)
      .where(and(eq(inboundMessages.mailbox, mailbox), eq(inboundMessages.uidValidity, uidValidity), inArray(inboundMessages.uid, seenBefore)))).map((r) => [r.uid, r.id]));
    for (const m of messages) {
      if (m.raw.length > WRITE_SLICE_BYTES) out.push(await this.store({ mailbox, uidValidity, uid: m.uid, raw: m.raw, held: m.held }));
      else if (inserted.has(m.uid)) out.push({ id: inserted.get(m.uid)!, isNew: true });
      else out.push({ id: existing.get(m.uid)!, isNew: false });
    }
    return out;
  }

  /**
   * The row to process, with its bytes and, read in the same round trip, the handled duplicate
   * of it as findHandledDuplicate would find it then (the pipeline's first look; the ticket store
   * looks again under its lock).
   */
  async load(id: number): Promise<LoadedInbound | null> {
    const loads = loadsFor(this.db);
    const kept = this.takeKept(id);
    if (kept) {
      const [row] = await loads.row.execute({ id });
      if (!row) return null;
      if (row.rawClearedAt) return { ...row, raw: null };
      return { ...row, raw: kept.length === row.size ? kept : await this.readRaw(id, row.size) };
    }
    // Not kept here: the row and the first slice of its bytes in one round trip.
    const [row] = await loads.rowAndFirstSlice.execute({ id });
    if (!row) return null;
    const { first, ...rest } = row;
    // Cleared under RAW_MAIL_DAYS: the row's facts without bytes (`size` is still the original's).
    if (rest.rawClearedAt) return { ...rest, raw: null };
    return { ...rest, raw: await this.readRaw(id, rest.size, first === null ? undefined : Buffer.from(first, 'base64')) };
  }

  /**
   * The raw bytes, read in slices through a binary COPY: as bytes, where a query would bring each
   * slice back as text (the driver reads bytea as hex, twice its size, and base64 still costs a
   * third more and a decode), and copied straight into one buffer, so the message is not held
   * twice while the slices are joined. `first`: the first slice, when it was read with the row.
   */
  private async readRaw(id: number, size: number, first?: Buffer): Promise<Buffer> {
    if (first && first.length === size) return first;
    const out = Buffer.allocUnsafe(size);
    let filled = first ? first.copy(out, 0) : 0;
    // The COPY gets a connection to itself: when every connection is busy the driver queues
    // queries behind running ones, and one queued behind a COPY fails (COPY_IN_PROGRESS), as
    // would the COPY behind it.
    const client = await (this.db as unknown as { $client: Sql }).$client.reserve();
    try {
      while (filled < size) {
        // COPY takes no parameters: the id and offsets are integers written into the statement.
        const stream = await client.unsafe(`copy (select substring(raw from ${filled + 1} for ${RAW_SLICE_BYTES}) from inbound_messages where id = ${Math.trunc(id)}) to stdout (format binary)`).readable();
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const slice = singleFieldOfBinaryCopy(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        if (!slice || slice.length === 0) break;
        filled += slice.copy(out, filled);
      }
    } finally {
      client.release();
    }
    if (filled !== size) throw new Error(`raw mail of inbound ${id}: read ${filled} of ${size} bytes`);
    return out;
  }

  /**
   * Another message already handled that is the same mail (a duplicate delivery): one with the
   * same Message-ID and the same content fingerprint (`fingerprint` null or left out: any with
   * that Message-ID); for a message without one, another with the same bytes (the same mail seen
   * again after a UIDVALIDITY resync).
   */
  async findHandledDuplicate(id: number, messageId: string | null, fingerprint: string | null = null): Promise<HandledDuplicate | null> {
    let rawSha256 = '';
    if (!messageId) {
      const [own] = await this.db.select({ rawSha256: inboundMessages.rawSha256 }).from(inboundMessages).where(eq(inboundMessages.id, id));
      if (!own) return null;
      rawSha256 = own.rawSha256;
    }
    return selectHandledDuplicate(this.db, id, { messageId, rawSha256, fingerprint });
  }

  /** Messages waiting to be processed, for recovery: never one whose storer still claims it. */
  async pendingIds(limit = 1000, options: { storedAfter?: Date } = {}): Promise<number[]> {
    const rows = await this.db.select({ id: inboundMessages.id }).from(inboundMessages)
      .where(and(eq(inboundMessages.status, 'pending'), or(isNull(inboundMessages.claimedUntil), lt(inboundMessages.claimedUntil, sql`now()`)),
        options.storedAfter ? gt(inboundMessages.receivedAt, options.storedAfter) : undefined))
      .orderBy(asc(inboundMessages.id)).limit(limit);
    return rows.map((r) => r.id);
  }

  /** Which of `ids` are still waiting to be processed. */
  async stillPending(ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.select({ id: inboundMessages.id }).from(inboundMessages)
      .where(and(inArray(inboundMessages.id, ids), eq(inboundMessages.status, 'pending')));
    return rows.map((r) => r.id);
  }

  async cursor(mailbox: string): Promise<{ uidValidity: number; lastUid: number; fence: number } | null> {
    const [row] = await this.db.select().from(mailboxCursors).where(eq(mailboxCursors.mailbox, mailbox));
    return row ? { uidValidity: row.uidValidity, lastUid: row.lastUid, fence: row.fence } : null;
  }

  /**
   * Moves the cursor, unless a fetcher with a newer lease (higher fencing token) has moved it
   * since: then nothing changes and the answer is false, and the caller must stop fetching.
   */
  async saveCursor(mailbox: string, uidValidity: number, lastUid: number, fence = 0): Promise<boolean> {
    // A cursor that moves is past any message refused right after it: its count starts again.
    const moved = { uidValidity, lastUid, fence, refusedUid: null, refusedPasses: 0 };
    const saved = await this.db.insert(mailboxCursors).values({ mailbox, ...moved })
      .onConflictDoUpdate({ target: mailboxCursors.mailbox, set: { ...moved, updatedAt: new Date() }, setWhere: sql`${mailboxCursors.fence} <= ${fence}` })
      .returning({ mailbox: mailboxCursors.mailbox });
    return saved.length > 0;
  }

  /**
   * Counts one more pass in which the server refused `uid`, the message right past the cursor
   * (`lastUid`, saved with it): returns in how many passes in a row it was refused, or false when a
   * fetcher with a newer lease moved the cursor since (then nothing changes).
   */
  async countRefusal(mailbox: string, uidValidity: number, lastUid: number, uid: number, fence = 0): Promise<number | false> {
    const [row] = await this.db.insert(mailboxCursors).values({ mailbox, uidValidity, lastUid, fence, refusedUid: uid, refusedPasses: 1 })
      .onConflictDoUpdate({
        target: mailboxCursors.mailbox,
        set: {
          uidValidity, lastUid, fence, refusedUid: uid, updatedAt: new Date(),
          // Every expression reads the row as it was: the same UID under the same UIDVALIDITY counts on.
          refusedPasses: sql`case when ${mailboxCursors.refusedUid} = ${uid} and ${mailboxCursors.uidValidity} = ${uidValidity} then ${mailboxCursors.refusedPasses} + 1 else 1 end`,
        },
        setWhere: sql`${mailboxCursors.fence} <= ${fence}`,
      })
      .returning({ passes: mailboxCursors.refusedPasses });
    return row ? row.passes : false;
  }

  /**
   * Forgets the passes counted against `uid` (the connection was cut while it was being sent, and
   * then the mail server could not be reached: the cuts may have been the network's, so the count
   * starts again). Only while `fence` may move the cursor and the count is still `uid`'s; the
   * cursor itself stays. False when nothing was forgotten.
   */
  async forgetRefusal(mailbox: string, uidValidity: number, uid: number, fence = 0): Promise<boolean> {
    const rows = await this.db.update(mailboxCursors).set({ refusedUid: null, refusedPasses: 0, updatedAt: new Date() })
      .where(and(eq(mailboxCursors.mailbox, mailbox), eq(mailboxCursors.uidValidity, uidValidity), eq(mailboxCursors.refusedUid, uid), lte(mailboxCursors.fence, fence)))
      .returning({ mailbox: mailboxCursors.mailbox });
    return rows.length > 0;
  }

  /**
   * Holds a message the server refused pass after pass: a row without bytes, quarantined with
   * `held`, and the cursor moved past it, in one transaction and only while `fence` may move the
   * cursor (false otherwise). The server's copy is left as it is (so mailbox_done_at is set: the
   * fetcher neither flags nor moves it). Returns the row's id.
   */
  async holdRefused(mailbox: string, uidValidity: number, uid: number, held: HeldOnArrival, fence = 0): Promise<number | false> {
    return this.db.transaction(async (tx) => {
      const moved = await tx.update(mailboxCursors).set({ uidValidity, lastUid: uid, fence, refusedUid: null, refusedPasses: 0, updatedAt: new Date() })
        .where(and(eq(mailboxCursors.mailbox, mailbox), lte(mailboxCursors.fence, fence))).returning({ mailbox: mailboxCursors.mailbox });
      if (moved.length === 0) return false;
      const empty = Buffer.alloc(0);
      const [row] = await tx.insert(inboundMessages)
        .values({ mailbox, uidValidity, uid, raw: empty, size: 0, messageId: null, rawSha256: createHash('sha256').update(empty).digest('hex'), ...heldColumns(held), mailboxDoneAt: new Date() })
        .onConflictDoNothing().returning({ id: inboundMessages.id });
      if (row) return row.id;
      const [existing] = await tx.select({ id: inboundMessages.id }).from(inboundMessages)
        .where(and(eq(inboundMessages.mailbox, mailbox), eq(inboundMessages.uidValidity, uidValidity), eq(inboundMessages.uid, uid)));
      return existing!.id;
    });
  }

  /**
   * An admin's retry of a message held as FETCH_REFUSED (it has no bytes to process): marks it to
   * be fetched from the mail server again on the fetcher's next pass; false when it is not one.
   */
  async requestRefetch(id: number): Promise<boolean> {
    const rows = await this.db.update(inboundMessages).set({ status: 'refetch' })
      .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'quarantined'), eq(inboundMessages.outcome, FETCH_REFUSED_OUTCOME), eq(inboundMessages.size, 0)))
      .returning({ id: inboundMessages.id });
    return rows.length > 0;
  }

  /** Messages of this mailbox an admin asked to be fetched again (requestRefetch). */
  async refetchRequested(mailbox: string): Promise<{ id: number; uid: number; uidValidity: number }[]> {
    return this.db.select({ id: inboundMessages.id, uid: inboundMessages.uid, uidValidity: inboundMessages.uidValidity }).from(inboundMessages)
      .where(and(eq(inboundMessages.mailbox, mailbox), eq(inboundMessages.status, 'refetch'))).orderBy(asc(inboundMessages.id));
  }

  /**
   * The bytes of a message asked for again, into its row: pending (or held on arrival, as mail over
   * the size limit), as if it had just been fetched. False when a fetcher with a newer lease moved
   * the cursor since; nothing changes then.
   */
  async storeRefetched(mailbox: string, id: number, raw: Buffer, held: HeldOnArrival | undefined, fence = 0): Promise<boolean> {
    const written = await this.db.transaction(async (tx) => {
      if (!(await holdsFence(tx, mailbox, fence))) return null;
      const updated = await tx.update(inboundMessages).set({
        raw: raw.subarray(0, WRITE_SLICE_BYTES), size: raw.length, messageId: sniffMessageId(raw), rawSha256: createHash('sha256').update(raw).digest('hex'),
        // New bytes: no verdict of the sender check is kept for them yet.
        status: 'pending', outcome: null, reason: null, attempts: 0, processedAt: null, mailboxDoneAt: null, senderVerdict: null, ...heldColumns(held),
      }).where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'refetch'))).returning({ id: inboundMessages.id });
      if (updated.length === 0) return false; // dropped or fetched meanwhile: nothing to write
      await appendRest(tx, id, raw);
      return true;
    });
    if (written && !held) this.keep(id, raw);
    return written !== null;
  }

  /** A message asked for again that could not be fetched: held again with why; false as storeRefetched. */
  async holdAgain(mailbox: string, id: number, reason: string, fence = 0): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await holdsFence(tx, mailbox, fence))) return false;
      await tx.update(inboundMessages).set({ status: 'quarantined', reason, processedAt: sql`now()` })
        .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'refetch')));
      return true;
    });
  }

  /** UIDs handled in the database but not yet flagged/moved on the server. */
  async handledNotMarked(mailbox: string, uidValidity: number, limit = 500): Promise<{ id: number; uid: number }[]> {
    return this.db.select({ id: inboundMessages.id, uid: inboundMessages.uid }).from(inboundMessages)
      // Written as the partial index's own predicate (a literal, not a parameter) so it is used.
      .where(and(eq(inboundMessages.mailbox, mailbox), eq(inboundMessages.uidValidity, uidValidity), sql`status <> 'pending' and mailbox_done_at is null`))
      .orderBy(asc(inboundMessages.uid)).limit(limit);
  }

  async markMailboxDone(ids: number[]): Promise<void> {
    if (ids.length) await this.db.update(inboundMessages).set({ mailboxDoneAt: new Date() }).where(inArray(inboundMessages.id, ids));
  }

  /**
   * Keeps the sender check's verdict with the message, unless one is kept already (two workers on
   * one message: the first verdict stands); returns the one kept, which the message is decided with.
   */
  async keepSenderVerdict(id: number, verdict: SenderAuth): Promise<SenderAuth> {
    const [row] = await loadsFor(this.db).keepVerdict.execute({ id, verdict: JSON.stringify(verdict) });
    return readKeptVerdict(row?.senderVerdict) ?? verdict;
  }

  /** Records a failed attempt that will be retried; the message stays pending. */
  async recordAttempt(id: number, reason: string): Promise<void> {
    await this.db.update(inboundMessages).set({ attempts: sql`${inboundMessages.attempts} + 1`, reason }).where(eq(inboundMessages.id, id));
  }

  async quarantine(id: number, code: string, reason: string): Promise<void> {
    // The database's clock, as the limits summary's window is (outbound-store.ts): a worker's may be off.
    await this.db.update(inboundMessages).set({ status: 'quarantined', outcome: `quarantined:${code}`, reason, processedAt: sql`now()` })
      .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'pending')));
  }

  /**
   * Held mail, newest first, with what an admin asked to be fetched again and the fetcher has not
   * come to yet (a mailbox no longer fetched would leave it there): listed, and it may be dropped.
   */
  async listQuarantined() {
    const rows = await this.db.select({
      id: inboundMessages.id, messageId: inboundMessages.messageId, size: inboundMessages.size, receivedAt: inboundMessages.receivedAt,
      status: inboundMessages.status, outcome: inboundMessages.outcome, reason: inboundMessages.reason, attempts: inboundMessages.attempts,
    }).from(inboundMessages).where(inArray(inboundMessages.status, HELD_STATUSES)).orderBy(desc(inboundMessages.id));
    return rows.map(({ status, ...row }) => (status === 'refetch' ? { ...row, outcome: `${row.outcome ?? ''} (to be fetched again)` } : row));
  }

  /** Puts a quarantined message back in line; true when it was quarantined. */
  async release(id: number): Promise<boolean> {
    // Marked as released: the mail limits do not hold it again, though its admin notice still counts (see workers/process-mail.ts).
    // Retention never clears quarantined mail; the bytes are asked for anyway, as nothing can be processed without them.
    const rows = await this.db.update(inboundMessages).set({ status: 'pending', outcome: RELEASED, reason: null, attempts: 0 })
      .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'quarantined'), isNull(inboundMessages.rawClearedAt))).returning({ id: inboundMessages.id });
    return rows.length > 0;
  }

  /**
   * Clears the raw bytes of mail kept long enough (RAW_MAIL_DAYS): a message whose ticket was
   * closed before `cutoff`, and one handled without a ticket (ignored, dropped) before it. Never a
   * pending or quarantined one. The row stays, with its Message-ID, hash, size and outcome, so
   * duplicates and threading still find it. `batch` rows per statement, each its own transaction,
   * so no statement holds many rows' locks for long; rows another transaction holds (a message
   * being filed) are skipped until the next run. Returns how many were cleared.
   */
  async clearRawMail(cutoff: Date, clearedAt: Date, batch = RETENTION_BATCH): Promise<number> {
    let cleared = 0;
    // Dates go in as text: a raw statement's parameters are not mapped by column.
    const [before, at] = [cutoff.toISOString(), clearedAt.toISOString()];
    for (;;) {
      const rows = await this.db.execute<{ id: number }>(sql`
        with due as (
          select m.id from inbound_messages m left join tickets t on t.id = m.ticket_id
          where m.raw_cleared_at is null and m.status in ('processed', 'ignored', 'dropped')
            and case when m.ticket_id is null then coalesce(m.processed_at, m.received_at) < ${before}::timestamptz
                     else t.status = 'closed' and t.closed_at < ${before}::timestamptz end
          order by m.id limit ${batch}
          for update of m skip locked)
        update inbound_messages set raw = null, raw_cleared_at = ${at}::timestamptz
        from due where inbound_messages.id = due.id
        returning inbound_messages.id`);
      cleared += rows.length;
      if (rows.length < batch) return cleared;
    }
  }

  /** Marks a quarantined message dropped: kept (never deleted; its bytes as long as RAW_MAIL_DAYS says), never processed. */
  async drop(id: number, reason: string): Promise<boolean> {
    const rows = await this.db.update(inboundMessages).set({ status: 'dropped', outcome: 'dropped', reason })
      .where(and(eq(inboundMessages.id, id), inArray(inboundMessages.status, HELD_STATUSES))).returning({ id: inboundMessages.id });
    return rows.length > 0;
  }
}
