// Reads a submitted form the same way whether it came url-encoded or as multipart (with files):
// text fields as strings (the last value of a repeated field, or all of them with `all`), files
// as name, type and bytes. Pure apart from reading the already-parsed request body.
import type { FastifyRequest } from 'fastify';
import type { Upload } from '../adapters/db/web-uploads.ts';

interface MultipartValue { type: 'field'; value: unknown }
interface MultipartFile { type: 'file'; filename: string; mimetype: string; toBuffer(): Promise<Buffer> }
type Part = MultipartValue | MultipartFile;

export interface Form {
  text(name: string): string;
  all(name: string): string[];
  files(name: string): Promise<Upload[]>;
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
    if (typeof v === 'string') return v;
    if (isPart(v) && v.type === 'field' && typeof v.value === 'string') return v.value;
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
        if (content.length === 0 && !v.filename) continue;
        out.push({ filename: v.filename, contentType: v.mimetype || 'application/octet-stream', content });
      }
      return out;
    },
  };
}

/** The CSRF token of a url-encoded or multipart form (the csrf plugin's token reader). */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const v = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof v === 'string') return v;
  if (isPart(v) && v.type === 'field' && typeof v.value === 'string') return v.value;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}
