// The root pino logger and the standard log keys. Bodies, addresses' contents and secrets are
// never logged: log ids (messageId, ticketId, noteId), outcomes and error codes only.
import { pino, type Logger } from 'pino';

export type { Logger };

export const LOG_KEYS = ['component', 'queue', 'jobId', 'mailbox', 'uid', 'messageId', 'ticketId', 'noteId', 'outcome'] as const;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'deskmail' },
    redact: { paths: ['password', 'pass', 'secret', '*.password', '*.pass', 'raw', 'body', 'text', 'html'], censor: '[redacted]' },
  });
}
