// The database schema (drizzle). Migrations in drizzle/ are generated from this file with
// `npm run db:generate` and committed. Tables are snake_case plurals.
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, customType, index, integer, jsonb, pgSequence, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { SenderAuth } from '../../inbound/sender-auth.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ticketNumbers = pgSequence('ticket_numbers', { startWith: 1 });

export const people = pgTable('people', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  /**
   * True when `name` came from mail that proved this person (DMARC pass, or their signed reply
   * address): only such mail may replace it. A name from unproven mail is never stored.
   */
  nameVerified: boolean('name_verified').notNull().default(false),
  /** As given on the web form ("How can we reach you?"); mail never needs it. */
  phone: text('phone').notNull().default(''),
  isAdmin: boolean('is_admin').notNull().default(false),
  /** Bumped to revoke every sign-in link and web session of this person at once. */
  signInEpoch: integer('sign_in_epoch').notNull().default(0),
  undeliverableAt: ts('undeliverable_at'),
  undeliverableReason: text('undeliverable_reason'),
  /** Signs this person's reply addresses; `deskmail people revoke` raises it, voiding older ones. */
  tokenEpoch: integer('token_epoch').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const tickets = pgTable('tickets', {
  id: serial('id').primaryKey(),
  number: integer('number').notNull().unique(),
  ref: text('ref').notNull().unique(),
  status: text('status').notNull().default('new'),
  resolution: text('resolution'),
  type: text('type').notNull().default('issue'),
  priority: text('priority').notNull().default('normal'),
  summary: text('summary').notNull(),
  originalSubject: text('original_subject').notNull().default(''),
  description: text('description').notNull().default(''),
  submitterId: integer('submitter_id').notNull().references(() => people.id),
  assigneeId: integer('assignee_id').references(() => people.id),
  route: text('route'),
  topic: text('topic'),
  clientIds: jsonb('client_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  missingInfo: jsonb('missing_info').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  previousTicketId: integer('previous_ticket_id'),
  /** Why the sender of the mail that opened it could not be verified (DMARC failed), or null. */
  unverifiedSender: text('unverified_sender'),
  externalRefs: jsonb('external_refs').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  closedAt: ts('closed_at'),
  fixedAt: ts('fixed_at'),
  escalatedAt: ts('escalated_at'),
  lastReminderAt: ts('last_reminder_at'),
  /** Bumped by every change to the row: a decision made on an older version is made again. */
  version: integer('version').notNull().default(0),
}, (t) => [
  index('tickets_status_idx').on(t.status),
  // The web lists: a person's tickets newest first, the queue open before closed, urgent and
  // oldest first, filters by assignee, search by summary words and client ID.
  index('tickets_created_idx').on(t.createdAt),
  index('tickets_queue_order_idx').on(sql`(${t.status} = 'closed')`, sql`(${t.priority} = 'urgent') desc`, t.createdAt),
  index('tickets_assignee_idx').on(t.assigneeId),
  index('tickets_submitter_idx').on(t.submitterId),
  index('tickets_summary_words_idx').using('gin', sql`to_tsvector('simple', ${t.summary})`),
  index('tickets_client_ids_idx').using('gin', sql`${t.clientIds} jsonb_path_ops`),
  // A late reply to a closed ticket looks for the open ticket that follows up on it.
  index('tickets_previous_ticket_idx').on(t.previousTicketId),
]);

export const participants = pgTable('participants', {
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  personId: integer('person_id').notNull().references(() => people.id),
  role: text('role').notNull(),
  notify: boolean('notify').notNull().default(true),
  /** False for someone a non-staff participant added who has not written yet (no strangers' notes). */
  vouched: boolean('vouched').notNull().default(true),
  /**
   * Who stopped this person's updates (notify false): themselves, or staff for a role not theirs to
   * remove (a stop by someone else removes an interested row instead). Only they or staff turn a stop
   * of their own back on. Null while they get updates, and for stops made before this was kept.
   */
  stoppedById: integer('stopped_by_id').references(() => people.id),
  /** Who added this person (#cc, a Cc on a request or reply); their first status mail names them. Null: joined on their own. */
  addedById: integer('added_by_id').references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.personId, t.role] }), index('participants_person_idx').on(t.personId, t.role)]);

/**
 * People the help desk's staff took off a ticket ("Stop updating this person" for someone else):
 * they have no participant row, and this keeps them off it. A Cc header never brings them back and
 * only staff add them again (#cc, the page), which ends the record. A requester's removal of a
 * colleague leaves none: anyone who may add people may add them again.
 */
export const participantRemovals = pgTable('participant_removals', {
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  personId: integer('person_id').notNull().references(() => people.id),
  removedById: integer('removed_by_id').notNull().references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.personId] })]);

/**
 * People who said "stop updating me" (#stop) on a ticket they are not on: an admin, who hears of
 * unassigned and urgent tickets as an admin. They get no mail about it, and are no participant: the
 * ticket is not in their "My Submitted Issues" and its People list does not name them. Their
 * #cc of their own address, "Resume my updates", or the ticket assigned to them ends it.
 */
export const ticketMutes = pgTable('ticket_mutes', {
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  personId: integer('person_id').notNull().references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.personId] })]);

export const inboundMessages = pgTable('inbound_messages', {
  id: serial('id').primaryKey(),
  mailbox: text('mailbox').notNull(),
  uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
  uid: bigint('uid', { mode: 'number' }).notNull(),
  messageId: text('message_id'),
  /** The message as received; null once cleared under RAW_MAIL_DAYS (then `rawClearedAt` says when). */
  raw: bytea('raw'),
  /**
   * When the retention task cleared `raw` (its ticket closed, or the message handled without one,
   * more than RAW_MAIL_DAYS before). The rest of the row stays: Message-ID, hash, size and outcome
   * still find duplicates and thread replies.
   */
  rawClearedAt: ts('raw_cleared_at'),
  /** sha256 of `raw`: finds a message seen before when it has no Message-ID (after a resync). */
  rawSha256: text('raw_sha256').notNull(),
  /**
   * sha256 of what the author wrote (inbound/content-fingerprint.ts), set when the message is
   * handled: a message with a handled Message-ID is a duplicate only when this agrees. Null for
   * rows handled before it was kept, which count as the same mail as before.
   */
  contentFingerprint: text('content_fingerprint'),
  /**
   * The sender check's verdict (inbound/sender-auth.ts: pass, fail or none, and why in a few words),
   * kept the first time the message is processed and used on every later processing of it (an
   * admin's release, recovery, a retry): the mail proves whom it proved on arrival, whatever DNS says
   * by then. Only a verdict for good is kept; null until then, and for what the web pages store.
   */
  senderVerdict: jsonb('sender_verdict').$type<SenderAuth>(),
  size: integer('size').notNull(),
  receivedAt: ts('received_at').notNull().defaultNow(),
  /**
   * pending | processed | ignored | quarantined | dropped | refetch (held as FETCH_REFUSED, never
   * downloaded, and an admin asked for it again: the fetcher fetches it on its next pass)
   */
  status: text('status').notNull().default('pending'),
  kind: text('kind'),
  outcome: text('outcome'),
  reason: text('reason'),
  ticketId: integer('ticket_id').references(() => tickets.id),
  attempts: integer('attempts').notNull().default(0),
  processedAt: ts('processed_at'),
  /**
   * Set once the message was flagged or moved on the IMAP server; for one the server refused to
   * give us (FETCH_REFUSED), when it was held: the server's copy is left as it is.
   */
  mailboxDoneAt: ts('mailbox_done_at'),
  /**
   * A web request or upload being filed by the request that stored it: recovery leaves the row
   * alone until then (never, for a web note: it is filed by its page or not at all).
   */
  claimedUntil: ts('claimed_until'),
}, (t) => [
  uniqueIndex('inbound_messages_mailbox_uid').on(t.mailbox, t.uidValidity, t.uid),
  index('inbound_messages_message_id_idx').on(t.messageId),
  index('inbound_messages_raw_sha256_idx').on(t.rawSha256),
  index('inbound_messages_status_idx').on(t.status),
  // What the fetcher flags on the server after each pass (handledNotMarked): only the few rows
  // handled but not yet flagged, instead of walking every row of the mailbox in UID order.
  index('inbound_messages_handled_unmarked_idx').on(t.mailbox, t.uidValidity, t.uid).where(sql`status <> 'pending' and mailbox_done_at is null`),
  // A ticket's messages in order: the first one threads every status mail (outbound-store.ts) and
  // heads the ticket's page; without it each status mail read the whole table.
  index('inbound_messages_ticket_idx').on(t.ticketId, t.id),
  // Bytes and the mark of their clearing go together: no row without both, or with neither.
  check('inbound_messages_raw_or_cleared', sql`(${t.raw} is null) = (${t.rawClearedAt} is not null)`),
]);

export const notes = pgTable('notes', {
  id: serial('id').primaryKey(),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  authorId: integer('author_id').references(() => people.id),
  /** note | system | auto_reply | bounce */
  kind: text('kind').notNull().default('note'),
  body: text('body').notNull(),
  /** What reply extraction removed (quoted history, signature), kept for `tickets show --full`. */
  stripped: text('stripped').notNull().default(''),
  internal: boolean('internal').notNull().default(false),
  inboundMessageId: integer('inbound_message_id').references(() => inboundMessages.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('notes_ticket_idx').on(t.ticketId), uniqueIndex('notes_inbound_kind').on(t.inboundMessageId, t.kind)]);

/**
 * Stored files, one row per distinct content (sha256). The bytes are not copied: they live in
 * the raw message we keep anyway, and the row finds them again by its MIME part number, so a
 * large file is neither held twice in memory while processing nor stored twice on disk.
 */
export const attachments = pgTable('attachments', {
  checksum: text('checksum').primaryKey(),
  size: integer('size').notNull(),
  contentType: text('content_type').notNull(),
  inboundMessageId: integer('inbound_message_id').notNull().references(() => inboundMessages.id),
  partId: text('part_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const noteAttachments = pgTable('note_attachments', {
  id: serial('id').primaryKey(),
  noteId: integer('note_id').notNull().references(() => notes.id),
  /** Null when the file was too large to store. */
  checksum: text('checksum').references(() => attachments.checksum),
  filename: text('filename').notNull(),
  size: integer('size').notNull(),
  contentType: text('content_type').notNull(),
  inline: boolean('inline').notNull().default(false),
}, (t) => [index('note_attachments_note_idx').on(t.noteId)]);

/** Notification events, written in the same transaction as the ticket change they announce. */
export const outbox = pgTable('outbox', {
  id: serial('id').primaryKey(),
  /** Null for events about no single ticket (the daily digest). */
  ticketId: integer('ticket_id').references(() => tickets.id),
  event: text('event').notNull(),
  /** Makes scheduled events happen once however many workers run them (e.g. `digest:2026-11-29`). */
  dedupeKey: text('dedupe_key').unique(),
  actorId: integer('actor_id').references(() => people.id),
  noteId: integer('note_id').references(() => notes.id),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: ts('created_at').notNull().defaultNow(),
  relayedAt: ts('relayed_at'),
}, (t) => [index('outbox_unrelayed_idx').on(t.id).where(sql`relayed_at is null`), index('outbox_ticket_idx').on(t.ticketId)]);

export const outboundMessages = pgTable('outbound_messages', {
  id: serial('id').primaryKey(),
  outboxId: integer('outbox_id').references(() => outbox.id),
  ticketId: integer('ticket_id').references(() => tickets.id),
  recipient: text('recipient').notNull(),
  template: text('template').notNull(),
  /** Our Message-ID, brackets stripped; chosen before sending so a retry reuses it. */
  messageId: text('message_id').notNull().unique(),
  subject: text('subject'),
  /** pending | sent | suppressed | failed */
  status: text('status').notNull().default('pending'),
  reason: text('reason'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
  /**
   * The text part of a status mail SMTP accepted, without its link targets (a personal sign-in link,
   * a signed reply address): what a reply quoting it tells its typed answers from (inbound/reply-text.ts).
   */
  sentText: text('sent_text'),
  /** Until when one send has this row to itself (send-mail's claim); another run of it waits. */
  sendingUntil: ts('sending_until'),
}, (t) => [
  uniqueIndex('outbound_messages_outbox_recipient').on(t.outboxId, t.recipient),
  index('outbound_messages_status_idx').on(t.status),
  index('outbound_messages_ticket_idx').on(t.ticketId),
]);

export const mailboxCursors = pgTable('mailbox_cursors', {
  mailbox: text('mailbox').primaryKey(),
  uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull(),
  /** Fencing token of the fetch lease that last moved the cursor; a lower one may not move it. */
  fence: bigint('fence', { mode: 'number' }).notNull().default(0),
  /**
   * The UID right past the cursor that the server refused to give us, and in how many passes in a
   * row; cleared whenever the cursor moves. Kept here so a restart or a new lease holder goes on
   * counting (inbound/fetch-refusal.ts decides when it is held).
   */
  refusedUid: bigint('refused_uid', { mode: 'number' }),
  refusedPasses: integer('refused_passes').notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Admin corrections of the intake classification, kept to improve the rules. */
export const classificationCorrections = pgTable('classification_corrections', {
  id: serial('id').primaryKey(),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  field: text('field').notNull(),
  fromValue: text('from_value'),
  toValue: text('to_value').notNull(),
  personId: integer('person_id').references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * The newest refresh token of a provider that rotates them, sealed with the service's secret key.
 * `lineage` names the configured token it descends from (a hash, never the token): configuring a
 * new one starts a new lineage and the kept one is no longer used.
 */
export const oauth2RefreshTokens = pgTable('oauth2_refresh_tokens', {
  lineage: text('lineage').primaryKey(),
  sealed: text('sealed').notNull(),
  rotatedAt: ts('rotated_at').notNull(),
});
