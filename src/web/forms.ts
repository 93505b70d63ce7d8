// Reads a submitted form the same way whether it came url-encoded or as multipart (with files):
// text fields as strings, as typed (each line break one LF, control characters dropped as mail's
// are; the last value of a repeated field, or all of them with `all`), files as name (likewise
// without control characters), type and bytes. Pure apart from reading the already-parsed request body.
import type { FastifyRequest } from 'fastify';
import { withoutControlCharacters } from '../inbound/control-characters.ts';
import type { Upload } from '../adapters/db/web-uploads.ts';

/** `valueTruncated`: the value went past the server's field limit (MAX_FIELD_BYTES) and was cut short. */
interface MultipartValue { type: 'field'; value: unknown; valueTruncated?: boolean }
/** `file.truncated`: the upload went past the size limit (MAX_ATTACHMENT_MB) and was cut short. */
interface MultipartFile { type: 'file'; filename: string; mimetype: string; file?: { truncated?: boolean }; toBuffer(): Promise<Buffer> }
type Part = MultipartValue | MultipartFile;

/** The most files one form takes (a note, a request); more are named and refused by the form, never cut silently. */
export const MAX_FORM_FILES = 10;

/** The most characters a note typed on a ticket page takes (a mail's note may be longer; a file longer still). */
export const MAX_NOTE_CHARS = 50_000;
/**
 * The server's limit on one multipart text field, in bytes: room for MAX_NOTE_CHARS of any text
 * (UTF-8 takes at most 4 bytes a character). A longer field is cut and seen as cut (cutFieldsOf).
 */
export const MAX_FIELD_BYTES = 4 * MAX_NOTE_CHARS;

/**
 * A submitted text field as it was typed. A browser sends each line break as CRLF (HTML's form
 * submission), while the field's `maxlength` counted it as one character (the field's value has
 * LF line breaks; whatwg/html#1712): measured and stored as typed, a note the field accepted is
 * within its limit here too. Control characters (NUL, which PostgreSQL cannot store; ESC, which
 * would reach an operator's terminal) are dropped as they are from mail, tab and line breaks kept.
 */
const asTyped = (s: string): string => withoutControlCharacters(s).replace(/\r\n?/g, '\n');

/**
 * A sent file's name without control characters, as a mailed file's is. One of nothing else still
 * names a file; an empty one stays empty (an empty file input sends a part with no name).
 */
const fileNameOf = (name: string): string => (name ? withoutControlCharacters(name) || 'attachment' : name);

export interface Form {
  text(name: string): string;
  /** The names of text fields the server's field limit cut short (MAX_FIELD_BYTES). */
  cut(): string[];
  all(name: string): string[];
  /** The files sent under `name`, but for any over the size limit (see tooLarge). */
  files(name: string): Promise<Upload[]>;
  /** The names of files sent under `name` that were over the size limit and are not in files(). */
  tooLarge(name: string): Promise<string[]>;
  /** The names of every file chosen under `name`, read or not (what a refused form asks to choose again). */
  chosen(name: string): string[];
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
    if (typeof v === 'string') return asTyped(v);
    if (isPart(v) && v.type === 'field' && typeof v.value === 'string') return asTyped(v.value);
    return null;
  };
  return {
    text: (name) => values(name).map(asText).filter((v): v is string => v !== null).at(-1) ?? '',
    cut: () => cutFieldsOf(request),
    all: (name) => values(name).map(asText).filter((v): v is string => v !== null),
    async files(name) {
      const out: Upload[] = [];
      for (const v of values(name)) {
        if (!isPart(v) || v.type !== 'file' || !v.filename) continue; // an empty file input still sends a part
        const content = await v.toBuffer();
        if (v.file?.truncated) continue;
        if (content.length === 0 && !v.filename) continue;
        out.push({ filename: fileNameOf(v.filename), contentType: v.mimetype || 'application/octet-stream', content });
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
    chosen: (name) => chosenFiles(values(name)),
  };
}

const chosenFiles = (values: unknown[]): string[] =>
  values.filter((v): v is MultipartFile => isPart(v) && v.type === 'file' && Boolean(v.filename)).map((v) => fileNameOf(v.filename));

/** Text a person typed, and what the page called its field: given back when a form is refused. */
export interface KeptText { label: string; text: string }

/** The fields a person types (never hidden ones: the CSRF token, the form's key, its action), as the pages label them. */
const TYPED_FIELDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^note$/, () => 'Your note'],
  [/^summary$/, () => 'Summary'],
  [/^description$/, () => 'Description'],
  [/^name$/, () => 'Name'],
  [/^email$/, () => 'Email address'],
  [/^phone$/, () => 'Phone number'],
  [/^person-(\d{1,2})-(name|email|phone)$/, (m) => `Additional person ${Number(m[1]) + 1}: ${m[2] === 'email' ? 'email address' : m[2] === 'phone' ? 'phone number' : 'name'}`],
];

/**
 * What the person typed in a submitted form (url-encoded or multipart, as far as the server read it),
 * in the form's order, the empty fields left out; and the names of the files they chose, which a
 * browser cannot be given back. For a refusal that shows the text to copy; it is never acted on.
 */
export function typedIn(request: FastifyRequest): { texts: KeptText[]; files: string[] } {
  const form = readForm(request);
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object') return { texts: [], files: [] };
  const texts: KeptText[] = [];
  for (const name of Object.keys(body)) {
    for (const [pattern, label] of TYPED_FIELDS) {
      const m = pattern.exec(name);
      const text = m ? form.text(name) : '';
      if (m && text.trim()) texts.push({ label: label(m), text });
    }
  }
  return { texts, files: form.chosen('files') };
}

/**
 * The form as plain key-values, url-encoded or multipart alike: text fields as strings, a file as a
 * Buffer that also carries its `filename` and `mimetype`; a repeated field as an array.
 */
export async function keyValuesOf(request: FastifyRequest): Promise<Record<string, unknown>> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const one = async (v: unknown): Promise<unknown> => {
    if (!isPart(v)) return typeof v === 'string' ? asTyped(v) : v;
    if (v.type === 'field') return typeof v.value === 'string' ? asTyped(v.value) : v.value;
    return Object.assign(await v.toBuffer(), { filename: fileNameOf(v.filename), mimetype: v.mimetype, truncated: v.file?.truncated === true });
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[key] = Array.isArray(value) ? await Promise.all(value.map(one)) : await one(value);
  return out;
}

/** The names of the form's text fields the server's field limit cut short (multipart only: a url-encoded body has its one limit). */
export function cutFieldsOf(request: FastifyRequest): string[] {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.entries(body)
    .filter(([, v]) => (Array.isArray(v) ? v : [v]).some((p) => isPart(p) && p.type === 'field' && p.valueTruncated === true))
    .map(([name]) => name);
}

/**
 * Why a typed text is refused as too long, naming the limit, or null when it is within `max`
 * characters and was not cut by the server. `what`: the field as the page calls it ("The note").
 */
export function describeTooLong(text: string, wasCut: boolean, max: number, what: string): string | null {
  if (!wasCut && text.length <= max) return null;
  const limit = `at most ${max.toLocaleString('en-US')} characters`;
  const length = wasCut ? 'longer than that' : `${text.length.toLocaleString('en-US')} characters long`;
  return `${what} takes ${limit}, and this one is ${length}. Shorten it, or put the rest in a file and attach it.`;
}

/** The CSRF token of a url-encoded or multipart form (the csrf plugin's token reader). */
export function csrfTokenOf(request: FastifyRequest): string | undefined {
  const v = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof v === 'string') return v;
  if (isPart(v) && v.type === 'field' && typeof v.value === 'string') return v.value;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}
