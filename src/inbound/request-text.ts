// Decides the text a new request is filed with: what the person typed and, when the mail passes
// other mail on, that mail below it, so a forwarded client request is on the ticket (and in the mail
// that hands it to the admins or another organisation), not only "Please see below.". A forward
// marker says so itself; a From/Sent/To/Subject block or "-----Original Message-----" opens a forward
// only under a forwarding subject ("FW:", "Fwd:"), otherwise it is a reply's history. A reply on a
// ticket keeps only what was typed (the reply conventions). Pure.
import { attachedMessageText, type AttachedMessage } from './attached-messages.ts';
import { compiledSigns, type MailSigns } from './kind/signs.ts';
import type { ReplyText } from './reply-text.ts';

/** Does the subject say the mail passes another one on ("Fwd:", "FW:", config/mail-signs.yaml forwardPrefixes)? */
export function isForwardSubject(subject: string, signs: MailSigns): boolean {
  return compiledSigns(signs).forward.test(subject.trim());
}

/**
 * A new request's text: the typed text, then the forwarded message below the cut (a forward marker's,
 * or under a forwarding subject a header block's, separator's or quote container's), then each
 * message attached whole, one blank line apart.
 */
export function requestTextOf(reading: Pick<ReplyText, 'replyText' | 'forwarded'>, forwardSubject: boolean, attached: readonly AttachedMessage[] = []): string {
  const parts = [reading.replyText.trim()];
  const forwarded = reading.forwarded;
  if (forwarded && (forwarded.rule === 'forward' || forwardSubject)) parts.push(forwarded.text);
  for (const m of attached) parts.push(attachedMessageText(m));
  return parts.filter((p) => p !== '').join('\n\n');
}
