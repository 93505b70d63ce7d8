// The two error kinds every adapter translates library failures into, and the table of codes.
// RetryableError: try again later (network, timeouts, SMTP 4xx, lock conflicts).
// PermanentError: retrying cannot help (unparseable mail, SMTP 5xx, unknown mailbox).

export const ERROR_CODES = {
  DB_UNAVAILABLE: 'database could not be reached',
  DB_QUERY: 'the database refused a statement (a bug or a constraint, not a passing outage)',
  THREAD_CHANGED: 'a message this one refers to was filed meanwhile; decide again',
  TICKET_CHANGED: 'the ticket changed after the decision was made; decide again',
  THREAD_UNFILED: 'a message this one refers to is not filed yet (stored later, or not stored yet); wait a little and decide again',
  IMAP_CONNECT: 'could not connect or log in to the IMAP server',
  IMAP_AUTH: 'the IMAP server refused the login',
  FETCH_LEASE_LOST: 'another worker took over fetching this mailbox',
  IMAP_MAILBOX: 'the IMAP mailbox could not be opened',
  IMAP_COMMAND: 'an IMAP command failed',
  SMTP_TEMPORARY: 'the SMTP server refused the message for now (4xx)',
  SMTP_REJECTED: 'the SMTP server rejected the message (5xx)',
  SMTP_CONNECT: 'could not connect to the SMTP server',
  TEMPLATE: 'a status mail template failed to render',
  SENDER_AUTH_DNS: 'a DNS lookup the sender check needs (DMARC, a DKIM key, SPF) failed for now; try again later, a few times, then decide',
  PIPELINE_THREAD_LOST: 'the thread reading the message stopped before it answered; try again',
  PROCESSING_BUDGET: 'the message took longer than its processing budget; held for an admin',
  OAUTH_TOKEN_UNAVAILABLE: 'the OAuth2 token endpoint could not give a token for now',
  OAUTH_CLIENT_REJECTED: 'the OAuth2 token endpoint refused the client or its grant',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class RetryableError extends Error {
  constructor(readonly code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code], options);
    this.name = 'RetryableError';
  }
}

export class PermanentError extends Error {
  constructor(readonly code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code], options);
    this.name = 'PermanentError';
  }
}

export function isRetryable(err: unknown): boolean {
  return err instanceof RetryableError;
}
