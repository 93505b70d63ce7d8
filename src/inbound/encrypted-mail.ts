// Says what the help desk does with mail it cannot read: mail encrypted to its recipient (S/MIME
// enveloped data at any layer, which the parse stage marks `smime-encrypted`), which cannot be read
// without a key the help desk does not hold, and mail whose whole content is an S/MIME body the
// parse stage could not open (damaged, of a kind not read here, or nested too deep: marked
// `smime-unreadable`). Nothing of either is read, so the request is filed, or the reply noted, with
// a line saying so in place of the text, and the people on the ticket know to send it again. Pure.
import type { ParsedMessage } from './types.ts';

/** The text an encrypted message is filed or noted with. */
export const ENCRYPTED_MAIL_TEXT = 'This message was encrypted (S/MIME), and the help desk cannot read encrypted mail: its text and any files in it were not read. Please send it again without encryption.';

/** The text a message whose S/MIME content could not be opened is filed or noted with. */
export const UNREADABLE_SMIME_TEXT = 'This message was sent as signed or encrypted content (S/MIME) that the help desk could not open: its text and any files in it were not read. Please send it again as ordinary mail.';

/** Was the message encrypted to its recipient (its whole content, or what a signature holds, S/MIME enveloped data)? */
export function isEncryptedMail(msg: Pick<ParsedMessage, 'anomalies'>): boolean {
  return (msg.anomalies ?? []).includes('smime-encrypted');
}

/** The line filed or noted in place of the text of a message that could not be read, or null for one that can. */
export function unreadableMailText(msg: Pick<ParsedMessage, 'anomalies'>): string | null {
  if (isEncryptedMail(msg)) return ENCRYPTED_MAIL_TEXT;
  return (msg.anomalies ?? []).includes('smime-unreadable') ? UNREADABLE_SMIME_TEXT : null;
}
