// Reads a submitted form the same way whether it came url-encoded or as multipart (with files):
// text fields as strings (the last value of a repeated field, or all of them with `all`), files
// as name, type and bytes. Pure apart from reading the already-parsed request body.
import type { FastifyRequest } from 'fastify';
import type { Upload } from '../adapters/db/web-uploads.ts';

interface MultipartValue { type: 'field'; value: unknown }
/** `file.truncated`: the upload went past the size limit (MAX_ATTACHMENT_MB) and was cut short. */
interface MultipartFile { type: 'file'; filename: string; mimetype: string; file?: { truncated?: boolean }; toBuffer(): Promise<Buffer> }
type Part = MultipartValue | MultipartFile;

/** A NUL character has no place in text and PostgreSQL cannot store one: a typed one is dropped. */
const withoutNul = (s: string): string => (s.includes('\0') ? s.replace(/\0/g, '') : s);

export interface Form {
  text(name: string): string;
  all(name: string): string[];
  /** The files sent under `name`, but for any over the size limit (see tooLarge). */
  files(name: string): Promise<Upload[]>;
  /** The names of files sent under `name` that were over the size limit and are not in files(). */
  tooLarge(name: string): Promise<string[]>;
}

function isPart(v: unknown): v is Part {
  return typeof v === 'object' && v !== null && 'type' in v && ((v as Part).type === 'field' || (v as Part).type === 'file');
}

export function readForm(request: FastifyRequest): Form {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values = (name: string): unknown[] => {
    const v = body[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const asText = (v: unknown): string | null => {
    if (typeof v === 'string') return withoutNul(v);
    if (isPart(v) && v.type === 'field' && typeof v.value === 'string') return withoutNul(v.value);
    return null;
  };
  return {
    text: (name) => values(name).map(asText).filter((v): v is string => v !== null).at(-1) ?? '',
    all: (name) => values(name).map(asText).filter((v): v is string => v !== null),
    async files(name) {
      const out: Upload[] = [];
      for (const v of values(name)) {
        if (!isPart(v) || v.type !== 'file' || !v.filename) continue; // an empty file input still sends a part
        const content = await v.toBuffer();
        if (v.file?.truncated) continue;
        if (content.length === 0 && !v.filename) continue;
        out.push({ filename: v.filename, contentType: v.mimetype || 'application/octet-stream', content });
      }
      return out;
    },
    async tooLarge(name) {
      const out: string[] = [];
      for (const v of values(name)) {
        if (!isPart(v) || v.type !== 'file' || !v.filename) continue;
        await v.toBuffer();
        if (v.file?.truncated) out.push(v.filename);
      }
      return out;
    },
  };
}

/**
 * The form as plain key-values, url-encoded or multipart alike: text fields as strings, a file as a
 * Buffer that also carries its `filename` and `mimetype`; a repeated field as an array.
 */
export async function keyValuesOf(request: FastifyRequest): Promise<Record<string, unknown>> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const one = async (v: unknown): Promise<unknown> => {
    if (!isPart(v)) return typeof v === 'string' ? withoutNul(v) : v;
    if (v.type === 'field') return typeof v.value === 'string' ? withoutNul(v.value) : v.value;
    return Object.assign(await v.toBuffer(), { filename: v.filename, mimetype: v.mimetype, truncated: v.file?.truncated === true });
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[key] = Array.isArray(value) ? await Promise.all(value.map(one)) : await one(value);
  return out;
}

/** The CSRF token of a url-encoded or multipart form (the csrf plugin's token reader). */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const v = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof v === 'string') return v;
  if (isPart(v) && v.type === 'field' && typeof v.value === 'string') return v.value;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}
