// Builds the headers of one status mail: our Message-ID, threading (In-Reply-To/References with
// the ticket's pseudo id, RFC 5322 section 3.6.4), the signed Reply-To, and the automatic-mail
// marks that stop loops (RFC 3834 Auto-Submitted, Microsoft's X-Auto-Response-Suppress, our own
// loop header). Pure.

import { LOOP_HEADER } from '../tickets/reference.ts';

export { LOOP_HEADER };

export interface MailHeadersInput {
  messageId: string;
  ticketPseudoId: string;
  /** Message-IDs of the ticket's own mail, oldest first (the request, then what triggered this). */
  threadIds: string[];
  inReplyTo: string | null;
  replyTo: string;
  helpdeskAddress: string;
}

export function buildMailHeaders(input: MailHeadersInput): Record<string, string> {
  const refs = [...new Set([input.ticketPseudoId, ...input.threadIds])].slice(-20);
  return {
    'Message-ID': `<${input.messageId}>`,
    'In-Reply-To': `<${input.inReplyTo ?? input.ticketPseudoId}>`,
    References: refs.map((id) => `<${id}>`).join(' '),
    'Reply-To': input.replyTo,
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    [LOOP_HEADER]: input.helpdeskAddress,
  };
}

/** A fresh Message-ID on our host, chosen before sending so a retry reuses it. */
export function newMessageId(host: string, random: string, now: Date): string {
  return `${now.getTime().toString(36)}.${random}@${host}`;
}
