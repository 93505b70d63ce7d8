// Says what the help desk does with mail encrypted to its recipient (S/MIME enveloped data, which
// the parse stage marks `smime-encrypted`): nothing of it can be read without a key the help desk
// does not hold, so the request is filed, or the reply noted, with a line saying so in place of the
// text, and the people on the ticket know to ask for it again. Pure.
import type { ParsedMessage } from './types.ts';

/** The text an encrypted message is filed or noted with. */
export const ENCRYPTED_MAIL_TEXT = 'This message was encrypted (S/MIME), and the help desk cannot read encrypted mail: its text and any files in it were not read. Please send it again without encryption.';

/** Was the message encrypted to its recipient (its whole content one S/MIME enveloped-data body)? */
export function isEncryptedMail(msg: Pick<ParsedMessage, 'anomalies'>): boolean {
  return (msg.anomalies ?? []).includes('smime-encrypted');
}
