// Reads and checks the environment once at start and exports a typed Config. Fails with one
// message that lists every missing or malformed variable. The only module that reads process.env
// for settings.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isLoopbackHost } from './adapters/transport-security.ts';
import { isWebMailboxName, WEB_MAILBOX } from './inbound/web-mailbox.ts';
import { isTimeZone } from './tickets/shown-time.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
/**
 * A whole number written in digits. Not a bare coercion: Number('') is 0, so an empty value
 * (`METRICS_PORT=` in a compose file) would silently turn a feature off instead of failing.
 */
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().trim().regex(/^-?\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int('must be a whole number').min(min).max(max));
/** The longest wait a timer can hold (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const email = z.string().trim().toLowerCase().email('must be an email address');
/** An address as the settings take one (trimmed, lower-case), or null when it is none. */
export function readEmailAddress(value: string): string | null {
  const parsed = email.safeParse(value);
  return parsed.success ? parsed.data : null;
}
const emailList = z
  .string()
  .transform((v) => v.split(/[,;\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().email('each entry must be an email address')));
/**
 * Example values shipped in .env.example, docker-compose.yml and older docs: a deployment that
 * copied one would sign reply addresses with a key anyone can read.
 */
export const PLACEHOLDER_SECRETS: readonly string[] = [
  'replace-with-output-of-openssl-rand-hex-32',
  'compose-trial-secret-change-me',
];
/** Words that only a placeholder contains; a padded copy of an example is still an example. */
const PLACEHOLDER_WORDS = ['change-me', 'changeme', 'replace-with', 'your-secret'];
function isPlaceholderSecret(value: string): boolean {
  const v = value.trim().toLowerCase();
  return PLACEHOLDER_SECRETS.includes(v) || PLACEHOLDER_WORDS.some((w) => v.includes(w));
}
/** Fewer distinct characters than this does not look random (a 32-byte hex key has about 16). */
const SECRET_MIN_DISTINCT = 10;
const secretKey = z
  .string()
  .min(32, 'must be at least 32 random characters (openssl rand -hex 32)')
  .refine((v) => !isPlaceholderSecret(v), 'is an example placeholder; generate one with openssl rand -hex 32')
  .refine((v) => new Set(v).size >= SECRET_MIN_DISTINCT, `must look random (at least ${SECRET_MIN_DISTINCT} different characters); generate one with openssl rand -hex 32`);

const url = (protocols: string[]) =>
  z.string().url('must be a URL').refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), `must start with ${protocols.join(': or ')}:`)
    .refine((v) => { try { return new URL(v).hostname !== ''; } catch { return false; } }, 'must name a host (scheme://host...)');

/**
 * A token endpoint: it is sent the client secret and the refresh token, so https, or http only to
 * a server on this machine (loopback), as IMAP and SMTP refuse plain text elsewhere.
 */
const tokenEndpoint = url(['http', 'https'])
  .refine((v) => { try { const u = new URL(v); return u.protocol === 'https:' || isLoopbackHost(u.hostname); } catch { return false; } }, 'must start with https: (http: only for a server on this machine, which the client secret and refresh token never leave)');

export const SETTINGS = {
  DATABASE_URL: { schema: url(['postgres', 'postgresql']), default: 'postgres://postgres@127.0.0.1:5432/deskmail', doc: 'PostgreSQL connection URL' },
  DATABASE_CONNECTIONS: { schema: int(1), default: '4', doc: 'Connections each process keeps to PostgreSQL at most (a worker serving /metrics opens one more, read-only, for its counts). A few are enough: each connection plans every statement afresh and warms its own caches, so more of them cost the server CPU without speeding the mail (on the backlog benchmark 4 took about a third less of the server\'s CPU than 20)' },
  REDIS_URL: { schema: url(['redis', 'rediss']), default: 'redis://127.0.0.1:6379', doc: 'Redis connection URL (queues, rate limits)' },
  QUEUE_PREFIX: { schema: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'), default: 'deskmail', doc: 'Redis key prefix for queues; one per deployment' },
  IMAP_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'IMAP server of the help-desk mailbox' },
  IMAP_PORT: { schema: int(1, 65535), default: '143', doc: 'IMAP port' },
  IMAP_USER: { schema: z.string().min(1, 'is required'), default: undefined, doc: 'IMAP login of the help-desk mailbox' },
  IMAP_AUTH: { schema: z.enum(['password', 'oauth2']), default: 'password', doc: 'IMAP login: password, or oauth2 (SASL XOAUTH2/OAUTHBEARER with a token from OAUTH2_TOKEN_URL)' },
  IMAP_PASSWORD: { schema: z.string(), default: '', doc: 'IMAP password (required with IMAP_AUTH=password)' },
  IMAP_TLS: { schema: bool, default: 'false', doc: 'Use implicit TLS (port 993); otherwise STARTTLS is required (except on loopback or with IMAP_ALLOW_PLAINTEXT)' },
  IMAP_ALLOW_PLAINTEXT: { schema: bool, default: 'false', doc: 'Allow IMAP without TLS when the server offers no STARTTLS (password in clear text; loopback hosts never need it)' },
  IMAP_MAILBOX: {
    // Fetched mail is stored under this name, and the web pages' messages under theirs: mail may never pass for theirs.
    schema: z.string().min(1).refine((v) => !isWebMailboxName(v), `must not be \`${WEB_MAILBOX}\` in any case: that name is reserved for the messages the web pages store for signed-in people, which the sender check (SENDER_AUTH) does not judge, so mail read from such a folder would pass for theirs`),
    default: 'INBOX', doc: `Folder to read requests from; not \`${WEB_MAILBOX}\` in any case (the name the web pages store their messages under)`,
  },
  IMAP_AFTER_PROCESSING: { schema: z.enum(['flag', 'move']), default: 'flag', doc: 'What to do with a processed message: flag it \\Seen + $DeskmailDone, or move it. Never deleted.' },
  IMAP_PROCESSED_MAILBOX: { schema: z.string().min(1), default: 'Processed', doc: 'Folder for IMAP_AFTER_PROCESSING=move' },
  IMAP_POLL_SECONDS: { schema: int(1, MAX_TIMER_SECONDS), default: '60', doc: 'Polling interval when IDLE is unavailable or silent' },
  IMAP_CHECK_MS: { schema: int(0, MAX_TIMER_SECONDS * 1000), default: '0', doc: 'Instead of IDLE, ask the server for new mail (NOOP) every this many milliseconds while waiting; 0 keeps IDLE. For a server of your own whose IDLE notice lags (Dovecot waits 500 ms); leave 0 for a hosted mailbox' },
  SMTP_URL: { schema: url(['smtp', 'smtps']), default: 'smtp://127.0.0.1:25', doc: 'SMTP server for status mail, e.g. smtp://user:pass@host:587; smtp:// requires STARTTLS except on loopback or with SMTP_ALLOW_PLAINTEXT' },
  SMTP_ALLOW_PLAINTEXT: { schema: bool, default: 'false', doc: 'Allow SMTP without TLS when the server offers no STARTTLS (loopback hosts never need it)' },
  SMTP_AUTH: { schema: z.enum(['password', 'oauth2']), default: 'password', doc: 'SMTP login: password (from SMTP_URL), or oauth2 (the user from SMTP_URL, a token from OAUTH2_TOKEN_URL)' },
  OAUTH2_TOKEN_URL: { schema: z.union([z.literal(''), tokenEndpoint]), default: '', doc: 'OAuth2 token endpoint (with IMAP_AUTH or SMTP_AUTH oauth2); https, or http on loopback only' },
  OAUTH2_CLIENT_ID: { schema: z.string(), default: '', doc: 'OAuth2 client (application) id' },
  OAUTH2_CLIENT_SECRET: { schema: z.string(), default: '', doc: 'OAuth2 client secret; required for the client credentials grant (no OAUTH2_REFRESH_TOKEN), may stay empty beside a refresh token of a public client' },
  OAUTH2_REFRESH_TOKEN: { schema: z.string(), default: '', doc: 'OAuth2 refresh token (Google); empty uses the client credentials grant (Microsoft 365)' },
  OAUTH2_SCOPE: { schema: z.string(), default: '', doc: 'Scope to ask for, e.g. https://outlook.office365.com/.default' },
  HELPDESK_ADDRESS: { schema: email, default: undefined, doc: 'The help-desk address: From and Reply-To of status mail' },
  SYSTEM_NAME: { schema: z.string().min(1), default: 'ClientTrack', doc: 'Name in subjects: [SYSTEM_NAME Issues Tracking]' },
  TICKET_PREFIX: { schema: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _ only, starting with a letter'), default: 'Utah_RW', doc: 'Ticket reference prefix: Utah_RW-180' },
  PUBLIC_URL: { schema: url(['http', 'https']).transform((v) => v.replace(/\/+$/, '')), default: 'http://localhost:3000', doc: 'Base URL for ticket links (PUBLIC_URL/tickets/<ref>)' },
  SECRET_KEY: { schema: secretKey, default: undefined, doc: 'Signs per-recipient reply addresses, sign-in links and web sessions (HMAC): 32+ random characters (openssl rand -hex 32), never an example value. Keep secret; changing it invalidates old links' },
  SECRET_KEY_PREVIOUS: { schema: z.union([z.literal(''), secretKey]), default: '', doc: 'During a key change: the old SECRET_KEY, still accepted on reply addresses (new mail is signed with SECRET_KEY only); empty when no change is under way' },
  ADMIN_EMAILS: { schema: emailList, default: '', doc: 'Local administrators, comma-separated' },
  SUPPORT_ADDRESS: { schema: z.union([z.literal('').transform(() => null), email]), default: '', doc: 'Support team (vendor tier) address for #escalate; empty disables escalation' },
  MACCH_ADDRESS: { schema: z.union([z.literal('').transform(() => null), email]), default: '', doc: 'Where MACCH-routed requests are forwarded; empty: intake forwards nothing, and such requests stay open for the admins, told to pass them on' },
  NMIS_ADDRESS: { schema: z.union([z.literal('').transform(() => null), email]), default: '', doc: 'Where NMIS-routed requests are forwarded; empty: intake forwards nothing, and such requests stay open for the admins, told to pass them on' },
  REPLY_ADDRESS_DAYS: { schema: int(0), default: '365', doc: 'A signed reply address older than this many days no longer proves its person: the mail is handled as unsigned and the sender is told to reply to the latest mail; 0 never expires them. Addresses made before addresses were dated never expire' },
  REOPEN_DAYS: { schema: int(0), default: '14', doc: 'A reply to a closed ticket within this many days reopens it; later it opens a new one, or is a note on the one an earlier late reply opened while that is still open (a reply that only thanks or says it works does neither: it is kept as a note on the closed ticket)' },
  VERIFY_REMINDER_DAYS: { schema: int(1), default: '3', doc: 'Remind the submitter of a ticket in Fixed - Verify Needed after this many days since the fix, or since the latest note from the submitter or someone notified on it who is not staff, when later; never while that note says the fix does not work' },
  AUTO_CLOSE_DAYS: { schema: int(1), default: '10', doc: 'Close a ticket left in Fixed - Verify Needed after this many days since the fix, or since the latest note from the submitter or someone notified on it who is not staff, when later; never while that note says the fix does not work (it waits for the help desk)' },
  STALE_TICKET_DAYS: { schema: int(1), default: '5', doc: 'Remind admins of open tickets with no update for this many days (not of one Waiting for Response: its submitter is reminded instead, WAITING_REMINDER_DAYS)' },
  WAITING_REMINDER_DAYS: { schema: int(1), default: '3', doc: 'Remind the submitter (and the people notified on it) of a ticket Waiting for Response after this many days without activity, at most once per this many days, quoting the question it waits on; such a ticket is never closed for want of an answer' },
  RAW_MAIL_DAYS: { schema: int(0), default: '0', doc: 'Clear the stored raw mail (bytes, and the files read from them) of a ticket closed more than this many days ago, and of mail handled without a ticket (ignored, duplicates, bounces, dropped) this long after it was handled; the notes, the ticket and each message\'s Message-ID, hashes (of the raw bytes and of the content, which tell a copy delivered again) and outcome stay. Quarantined and unprocessed mail is never cleared. 0 keeps raw mail for ever; 90 suits most help desks (README: "Keeping mail")' },
  TIME_ZONE: { schema: z.string().trim().refine(isTimeZone, 'must be an IANA time zone name, such as America/Denver or UTC'), default: 'UTC', doc: 'The help desk\'s time zone (an IANA name, such as America/Denver): the web pages and mail show dates and times in it, with its abbreviation (MDT). DIGEST_HOUR stays in UTC' },
  DIGEST_HOUR: { schema: int(0, 23), default: '7', doc: 'Hour (UTC) of the daily digest to admins' },
  MAX_MESSAGE_MB: { schema: int(1), default: '50', doc: 'Larger messages (size reported by the IMAP server) are not downloaded: the headers are kept and the message is quarantined' },
  MAX_ATTACHMENT_MB: { schema: int(1), default: '25', doc: 'Larger attachments are not stored; the note says so' },
  LOOP_REPLIES_PER_TICKET_PER_HOUR: { schema: int(1), default: '30', doc: 'Replies from one address into one ticket per hour that cause status mail to everyone; later ones are recorded, still reach the staff, and their other mail is held' },
  LOOP_QUICK_REPLY_SECONDS: { schema: int(0), default: '20', doc: 'A reply this soon after our mail to its sender is a machine\'s answer; the third such reply in an hour stops the mail it causes, short answers (six words or fewer) only when also the same text again (0 turns this sign off)' },
  NEW_REQUESTS_PER_SENDER_PER_HOUR: { schema: int(1), default: '50', doc: 'New requests one sender (a.b+tag@gmail.com folded to ab@gmail.com) may open per hour; later ones are held in quarantine. Answers to messages over MAX_MESSAGE_MB count against it too' },
  ADMIN_NOTICES_PER_HOUR: { schema: int(0), default: '20', doc: 'New-request notices to admins per hour; after that the admins get one summary instead' },
  OUTBOUND_MAIL_PER_HOUR: { schema: int(1), default: '2000', doc: 'Most status mails sent per hour in all; later ones wait (pending) for the next hour' },
  JOB_ATTEMPTS: { schema: int(1, 100), default: '8', doc: 'Attempts (with exponential backoff from 1 s) before a job is set aside as failed and the admins are told; a sender check whose DNS fails for now is decided, as not checked, on the last attempt of its job at the latest' },
  METRICS_PORT: { schema: int(0, 65535), default: '9464', doc: 'Port of the worker\'s /healthz and /metrics (0 turns them off)' },
  MAIL_PUSH_TOKEN: { schema: z.union([z.literal(''), secretKey]), default: '', doc: 'Token a mail server\'s delivery hook presents (Bearer, or Basic with it as the password) to POST /mail-arrived on METRICS_PORT, which makes the fetcher look at the mailbox at once instead of waiting for IDLE; 32+ random characters; empty: no hook (README: "New mail at once")' },
  METRICS_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'Address /healthz and /metrics listen on (0.0.0.0 for a Prometheus elsewhere)' },
  WEB_PORT: { schema: z.union([z.literal('').transform(() => null), int(0, 65535)]), default: '', doc: 'Port of the web pages (ticket page, sign-in); empty: `deskmail worker` starts no web server' },
  WEB_HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'Address the web server listens on (put a TLS proxy in front; PUBLIC_URL is what people see)' },
  TRUST_PROXY: { schema: bool, default: 'false', doc: 'Trust X-Forwarded-For from the proxy in front of the web server (client address for rate limits)' },
  MAIL_LINK_DAYS: { schema: int(1), default: '30', doc: 'How long the personal sign-in link in a status mail works' },
  SIGN_IN_LINK_MINUTES: { schema: int(1), default: '30', doc: 'How long a link from the "send me a sign-in link" form works' },
  SESSION_DAYS: { schema: int(1), default: '7', doc: 'How long a web sign-in lasts' },
  SENDER_AUTH: { schema: z.enum(['verify', 'off']), default: 'verify', doc: 'Check each sender (DKIM, SPF, DMARC, ARC): a forged From of a domain with DMARC gets no answer and obeys nothing. Checked when a message is first processed: released, recovered or retried, it keeps that verdict. What the web pages store for a signed-in person (a request, a follow-up), even when held and released or recovered, is not checked: their session proved them. off: no DNS check (local and test stacks only); a From that names more than one author is still read as forged' },
  AUTH_RESULTS_SERVER: { schema: z.string().trim().toLowerCase(), default: '', doc: 'Receiving server (authserv-id) whose topmost Authentication-Results header is trusted instead of checking DNS; empty: check with DNS' },
  PIPELINE_THREADS: { schema: int(0), default: availableParallelism() > 1 ? '1' : '0', doc: 'Threads that parse and read incoming mail (MIME, reply text, request assessment) beside the main thread; 0: all on the main thread. Default 1 on a machine with two or more cores, else 0' },
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
  problems.push(...checkCombinations(out));
  if (problems.length) throw new ConfigError(problems);
  return out as Pick<Config, K>;
}

/** Settings that are only required together with another one. */
function checkCombinations(s: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (s.IMAP_AUTH === 'password' && s.IMAP_PASSWORD === '') problems.push('IMAP_PASSWORD is missing (required with IMAP_AUTH=password)');
  const oauth = [s.IMAP_AUTH, s.SMTP_AUTH].includes('oauth2');
  if (oauth && !s.OAUTH2_TOKEN_URL) problems.push('OAUTH2_TOKEN_URL is missing (required with IMAP_AUTH=oauth2 or SMTP_AUTH=oauth2)');
  if (oauth && !s.OAUTH2_CLIENT_ID) problems.push('OAUTH2_CLIENT_ID is missing (required with IMAP_AUTH=oauth2 or SMTP_AUTH=oauth2)');
  // Without a refresh token the token request is the client credentials grant (RFC 6749 4.4), which
  // only a confidential client may use: the provider refuses it without the secret, every time.
  if (oauth && !s.OAUTH2_REFRESH_TOKEN && !s.OAUTH2_CLIENT_SECRET) problems.push('OAUTH2_CLIENT_SECRET is missing (required with IMAP_AUTH=oauth2 or SMTP_AUTH=oauth2 unless OAUTH2_REFRESH_TOKEN is set: the client credentials grant needs it)');
  if (s.SMTP_AUTH === 'oauth2' && typeof s.SMTP_URL === 'string' && !new URL(s.SMTP_URL).username) problems.push('SMTP_URL must name the login user (smtp://USER@host:587) with SMTP_AUTH=oauth2');
  return problems;
}

function describeValue(name: string, raw: string): string {
  if (/PASSWORD|SECRET|URL|TOKEN/.test(name)) return 'a value that is hidden here';
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}...` : raw);
}
