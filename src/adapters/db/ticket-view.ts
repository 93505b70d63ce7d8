// One ticket as the outside world sees it (`tickets show --json`, tests, the demo): its fields,
// participants and notes. I/O: database reads only.
import type { Db } from './client.ts';
import { findPersonById } from './people.ts';
import { TicketStore } from './ticket-store.ts';

export interface TicketView {
  ref: string;
  status: string;
  resolution: string | null;
  type: string;
  priority: string;
  summary: string;
  originalSubject: string;
  description: string;
  submitter: string;
  assignee: string | null;
  route: string | null;
  topic: string | null;
  clientIds: string[];
  missingInfo: string[];
  externalRefs: string[];
  previousTicket: string | null;
  /** Why the sender who opened it could not be verified ("unverified sender"), or null. */
  unverifiedSender: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  participants: { email: string; role: string; notify: boolean }[];
  notes: {
    author: string | null;
    kind: string;
    body: string;
    internal: boolean;
    createdAt: string;
    attachments: { filename: string; size: number; contentType: string; stored: boolean; checksum: string | null }[];
    /** When the mail this note came from was cleared under RAW_MAIL_DAYS (its files with it); absent while it is kept. */
    mailClearedAt?: string;
    stripped?: string;
  }[];
}

export async function loadTicketView(db: Db, prefix: string, ref: string, options: { full?: boolean } = {}): Promise<TicketView | null> {
  // One snapshot for all its reads: a change committed meanwhile (a reply's note and the status it moves, in one
  // transaction) shows whole or not at all, never its note beside the status from before it.
  return db.transaction((tx) => readTicketView(tx as unknown as Db, prefix, ref, options), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function readTicketView(db: Db, prefix: string, ref: string, options: { full?: boolean }): Promise<TicketView | null> {
  const store = new TicketStore(db, prefix);
  const t = await store.byRef(ref);
  if (!t) return null;
  const submitter = await findPersonById(db, t.submitterId);
  const assignee = t.assigneeId ? await findPersonById(db, t.assigneeId) : null;
  const previous = t.previousTicketId ? await store.byId(t.previousTicketId) : null;
  const participants = await store.participantsOf(t.id);
  const notes = await store.notesOf(t.id);
  return {
    ref: t.ref, status: t.status, resolution: t.resolution, type: t.type, priority: t.priority, summary: t.summary,
    originalSubject: t.originalSubject, description: t.description, submitter: submitter?.email ?? '', assignee: assignee?.email ?? null,
    route: t.route, topic: t.topic, clientIds: t.clientIds, missingInfo: t.missingInfo, externalRefs: t.externalRefs,
    previousTicket: previous?.ref ?? null,
    unverifiedSender: t.unverifiedSender ?? null,
    createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(), closedAt: t.closedAt?.toISOString() ?? null,
    participants: participants.map((p) => ({ email: p.email, role: p.role, notify: p.notify })),
    notes: notes.map((n) => ({
      author: n.author, kind: n.kind, body: n.body, internal: n.internal, createdAt: n.createdAt.toISOString(), attachments: n.attachments,
      ...(n.mailClearedAt ? { mailClearedAt: n.mailClearedAt.toISOString() } : {}),
      ...(options.full ? { stripped: n.stripped } : {}),
    })),
  };
}
