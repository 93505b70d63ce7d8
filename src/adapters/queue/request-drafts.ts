// A web request being written: its fields and the files added so far, kept in Redis for a few
// hours so a person can add and remove files before submitting without JavaScript. Each draft
// belongs to one session (its random id lives only in that session's cookie). I/O: Redis.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DraftFields {
  type: string;
  summary: string;
  description: string;
  name: string;
  phone: string;
  additional: { name: string; email: string; phone: string }[];
}

/** `sha256`: of the bytes, hex (drafts saved before it was kept have none). */
export interface DraftFile { id: string; filename: string; contentType: string; size: number; sha256?: string }

/** `tries`: submissions of it that were refused (the next one is filed as a message of its own). */
export interface Draft { id: string; fields: DraftFields; files: DraftFile[]; tries?: number }

const TTL_SECONDS = 4 * 3600;
/** How long a filed draft is remembered as filed. */
const SUBMITTED_SECONDS = 3600;

export class RequestDrafts {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(id: string): string {
    return `${this.prefix}:web-draft:${id}`;
  }

  static isDraftId(id: unknown): id is string {
    return typeof id === 'string' && /^[a-f0-9]{32}$/.test(id);
  }

  async load(id: string): Promise<Draft | null> {
    const text = await this.redis.get(this.key(id));
    if (!text) return null;
    const data = JSON.parse(text) as { fields: DraftFields; files: DraftFile[]; tries?: number };
    return { id, ...data };
  }

  /** Saves the fields, drops the files named in `remove`, adds `add`; returns the draft as it now is. */
  async save(id: string | null, fields: DraftFields, remove: string[], add: { filename: string; contentType: string; content: Buffer }[]): Promise<Draft> {
    const draftId = id ?? randomBytes(16).toString('hex');
    const before = id ? await this.load(id) : null;
    const kept = (before?.files ?? []).filter((f) => !remove.includes(f.id));
    const added = add.map((f) => ({ id: randomBytes(8).toString('hex'), filename: f.filename, contentType: f.contentType, size: f.content.length, sha256: sha256(f.content) }));
    const multi = this.redis.multi();
    for (const f of (before?.files ?? []).filter((file) => remove.includes(file.id))) multi.del(`${this.key(draftId)}:file:${f.id}`);
    add.forEach((f, i) => multi.set(`${this.key(draftId)}:file:${added[i]!.id}`, f.content, 'EX', TTL_SECONDS));
    for (const f of kept) multi.expire(`${this.key(draftId)}:file:${f.id}`, TTL_SECONDS);
    const draft: Draft = { id: draftId, fields, files: [...kept, ...added], ...(before?.tries ? { tries: before.tries } : {}) };
    multi.set(this.key(draftId), JSON.stringify({ fields: draft.fields, files: draft.files, tries: draft.tries }), 'EX', TTL_SECONDS);
    await multi.exec();
    return draft;
  }

  /** The bytes of each file, in order; a file whose bytes expired is left out. */
  async contents(draft: Draft): Promise<{ filename: string; contentType: string; content: Buffer }[]> {
    const out: { filename: string; contentType: string; content: Buffer }[] = [];
    for (const f of draft.files) {
      const content = await this.redis.getBuffer(`${this.key(draft.id)}:file:${f.id}`);
      if (content) out.push({ filename: f.filename, contentType: f.contentType, content });
    }
    return out;
  }

  /**
   * The draft is filed as ticket `ref`: gone, and remembered as filed for a while, so the same
   * form sent again (a double click, a retry after an error) finds the ticket instead of filing a
   * second one.
   */
  async markSubmitted(draft: Draft, ref: string): Promise<void> {
    await this.redis.set(`${this.key(draft.id)}:submitted`, ref, 'EX', SUBMITTED_SECONDS);
    await this.discard(draft);
  }

  /**
   * A submission of the draft was refused (held over the hourly cap, not fileable as it stood): the
   * next one is a request of its own, not the refused one met again.
   */
  async markRefused(draft: Draft): Promise<void> {
    const now = await this.load(draft.id);
    if (!now) return;
    await this.redis.set(this.key(draft.id), JSON.stringify({ fields: now.fields, files: now.files, tries: (now.tries ?? 0) + 1 }), 'KEEPTTL');
  }

  /** What a submission of the draft is filed under: the same form sent twice meets the same stored message. */
  static submissionKey(draft: Draft): string {
    return draft.tries ? `${draft.id}:${draft.tries}` : draft.id;
  }

  /** The ticket a draft was filed as, while that is remembered; null otherwise. */
  async submittedAs(id: string): Promise<string | null> {
    return this.redis.get(`${this.key(id)}:submitted`);
  }

  async discard(draft: Draft | string): Promise<void> {
    const d = typeof draft === 'string' ? await this.load(draft) : draft;
    const id = typeof draft === 'string' ? draft : draft.id;
    await this.redis.del(this.key(id), ...(d?.files ?? []).map((f) => `${this.key(id)}:file:${f.id}`));
  }
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
