// The root pino logger. Child loggers carry the standard keys (component, queue, jobId, mailbox,
// uid, messageId, ticketId, noteId, outcome). Bodies, subjects, addresses and secrets are never
// logged: ids, outcomes and error codes only.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'deskmail' },
    redact: { paths: ['password', 'pass', 'secret', '*.password', '*.pass', 'raw', 'body', 'text', 'html'], censor: '[redacted]' },
  });
}

/**
 * An error as it may be logged: name, code and the first line of the message, never more.
 * Database errors carry the failed query's parameters (note bodies, addresses) on later
 * lines, and stack traces can hold values too; neither belongs in a log.
 */
export function safeError(err: unknown): { name: string; code?: string; message: string } {
  const e = err as { name?: string; code?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const message = String(e?.message ?? err).split('\n')[0]!.replace(/params:.*$/i, '').slice(0, 300);
  return { name: typeof e?.name === 'string' ? e.name : 'Error', ...(code ? { code } : {}), message };
}
