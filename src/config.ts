// Reads and checks the environment once at start and exports a typed Config. Fails with one
// message that lists every missing or malformed variable. The only module that reads process.env
// for settings.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number) => z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min);
const email = z.string().trim().toLowerCase().email('must be an email address');
const emailList = z
  .string()
  .transform((v) => v.split(/[,;\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().email('each entry must be an email address')));
const url = (protocols: string[]) =>
  z.string().url('must be a URL').refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), `must start with ${protocols.join(': or ')}:`);

export const SETTINGS = {
  DATABASE_URL: { schema: url(['postgres', 'postgresql']), default: 'postgres://postgres@127.0.0.1:5432/deskmail', doc: 'PostgreSQL connection URL' },
  REDIS_URL: { schema: url(['redis', 'rediss']), default: 'redis://127.0.0.1:6379', doc: 'Redis connection URL (queues, rate limits)' },
  QUEUE_PREFIX: { schema: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'), default: 'deskmail', doc: 'Redis key prefix for queues; one per deployment' },
  IMAP_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'IMAP server of the help-desk mailbox' },
  IMAP_PORT: { schema: int(1).max(65535), default: '143', doc: 'IMAP port' },
  IMAP_USER: { schema: z.string().min(1, 'is required'), default: undefined, doc: 'IMAP login of the help-desk mailbox' },
  IMAP_PASSWORD: { schema: z.string().min(1, 'is required'), default: undefined, doc: 'IMAP password' },
  IMAP_TLS: { schema: bool, default: 'false', doc: 'Use implicit TLS (port 993); STARTTLS is used when offered otherwise' },
  IMAP_MAILBOX: { schema: z.string().min(1), default: 'INBOX', doc: 'Folder to read requests from' },
  IMAP_AFTER_PROCESSING: { schema: z.enum(['flag', 'move']), default: 'flag', doc: 'What to do with a processed message: flag it \\Seen + $DeskmailDone, or move it. Never deleted.' },
  IMAP_PROCESSED_MAILBOX: { schema: z.string().min(1), default: 'Processed', doc: 'Folder for IMAP_AFTER_PROCESSING=move' },
  IMAP_POLL_SECONDS: { schema: int(1), default: '60', doc: 'Polling interval when IDLE is unavailable or silent' },
  SMTP_URL: { schema: url(['smtp', 'smtps']), default: 'smtp://127.0.0.1:25', doc: 'SMTP server for status mail, e.g. smtp://user:pass@host:587' },
  HELPDESK_ADDRESS: { schema: email, default: undefined, doc: 'The help-desk address: From and Reply-To of status mail' },
  SYSTEM_NAME: { schema: z.string().min(1), default: 'ClientTrack', doc: 'Name in subjects: [SYSTEM_NAME Issues Tracking]' },
  TICKET_PREFIX: { schema: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _ only, starting with a letter'), default: 'Utah_RW', doc: 'Ticket reference prefix: Utah_RW-180' },
  PUBLIC_URL: { schema: url(['http', 'https']).transform((v) => v.replace(/\/+$/, '')), default: 'http://localhost:3000', doc: 'Base URL for ticket links (PUBLIC_URL/tickets/<ref>)' },
  SECRET_KEY: { schema: z.string().min(16, 'must be at least 16 characters'), default: undefined, doc: 'Signs per-recipient reply addresses (HMAC). Keep secret; changing it invalidates old links' },
  SECRET_KEY_PREVIOUS: { schema: z.union([z.literal(''), z.string().min(16, 'must be at least 16 characters')]), default: '', doc: 'During a key change: the old SECRET_KEY, still accepted on reply addresses (new mail is signed with SECRET_KEY only); empty when no change is under way' },
  ADMIN_EMAILS: { schema: emailList, default: '', doc: 'Local administrators, comma-separated' },
  SUPPORT_ADDRESS: { schema: z.union([z.literal('').transform(() => null), email]), default: '', doc: 'Support team (vendor tier) address for #escalate; empty disables escalation' },
  MACCH_ADDRESS: { schema: z.union([z.literal('').transform(() => null), email]), default: '', doc: 'Where MACCH-routed requests are forwarded' },
  NMIS_ADDRESS: { schema: z.union([z.literal('').transform(() => null), email]), default: '', doc: 'Where NMIS-routed requests are forwarded' },
  REOPEN_DAYS: { schema: int(0), default: '14', doc: 'A reply to a closed ticket within this many days reopens it; later it opens a new one' },
  VERIFY_REMINDER_DAYS: { schema: int(1), default: '3', doc: 'Remind the submitter of a ticket in Fixed - Verify Needed after this many days' },
  AUTO_CLOSE_DAYS: { schema: int(1), default: '10', doc: 'Close a ticket left in Fixed - Verify Needed after this many days' },
  STALE_TICKET_DAYS: { schema: int(1), default: '5', doc: 'Remind admins of open tickets with no update for this many days' },
  DIGEST_HOUR: { schema: int(0).max(23), default: '7', doc: 'Hour (UTC) of the daily digest to admins' },
  MAX_ATTACHMENT_MB: { schema: int(1), default: '25', doc: 'Larger attachments are not stored; the note says so' },
  AUTO_MAIL_LIMIT_PER_HOUR: { schema: int(1), default: '10', doc: 'Most automatic mails to one address per hour (loop brake)' },
  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', doc: 'pino log level' },
} as const;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`deskmail settings are not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md "Settings" or .env.example.`);
    this.name = 'ConfigError';
  }
}

/** Reads every setting from `env`, applying defaults; throws one ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadSettings(Object.keys(SETTINGS) as (keyof Settings)[], env) as Config;
}

/** Only the named settings, for commands that need no more (`deskmail migrate` needs DATABASE_URL). */
export function loadSettings<K extends keyof Settings>(names: readonly K[], env: Record<string, string | undefined> = process.env): Pick<Config, K> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  const wanted = new Set<keyof Settings>(names);
  for (const [name, setting] of (Object.entries(SETTINGS) as [keyof Settings, Settings[keyof Settings]][]).filter(([n]) => wanted.has(n))) {
    const raw = env[name] ?? setting.default;
    if (raw === undefined) {
      problems.push(`${name} is missing (${setting.doc})`);
      continue;
    }
    const parsed = (setting.schema as z.ZodType).safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else problems.push(`${name} ${parsed.error.issues.map((i) => i.message).join('; ')} (got ${describeValue(name, raw)})`);
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Pick<Config, K>;
}

function describeValue(name: string, raw: string): string {
  if (/PASSWORD|SECRET|URL/.test(name)) return 'a value that is hidden here';
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}...` : raw);
}
