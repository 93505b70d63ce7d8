// Decides what becomes of a message the mail server will not give us (it answers the FETCH that
// names it with NO or BAD, ends the session in the middle of it, or answers OK without it): asked
// for again on the next pass, or, after REFUSALS_BEFORE_HOLD passes in a row, held for an admin so
// the mail behind it flows; and the reasons an admin reads. Pure.
import type { QuarantineReason } from './processable.ts';

/**
 * Passes in a row in which the same UID was refused before it is held. A connection lost without
 * a word from the server is not a refusal and does not count (adapters/imap/mailbox.ts).
 */
export const REFUSALS_BEFORE_HOLD = 3;

export const FETCH_REFUSED = 'FETCH_REFUSED';

/** The most characters of the server's answer kept in a reason. */
const ANSWER_CHARS = 300;

export type RefusalDecision = { kind: 'ask-again' } | { kind: 'hold'; held: QuarantineReason };

/** The server's answer as a reason may quote it: one line, control characters out, bounded. */
export function serverAnswerText(answer: string): string {
  // eslint-disable-next-line no-control-regex
  const line = answer.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > ANSWER_CHARS ? `${line.slice(0, ANSWER_CHARS)}...` : line || 'no answer text';
}

/** `passes`: in how many passes in a row, this one included, the server refused `uid`. */
export function decideRefusedFetch(input: { mailbox: string; uid: number; passes: number; answer: string }): RefusalDecision {
  if (input.passes < REFUSALS_BEFORE_HOLD) return { kind: 'ask-again' };
  return {
    kind: 'hold',
    held: {
      code: FETCH_REFUSED,
      reason: `the mail server refused to give UID ${input.uid} of ${input.mailbox} in ${input.passes} passes in a row (${serverAnswerText(input.answer)}); nothing was downloaded and the message stays on the server as it is; quarantine retry fetches it again`,
    },
  };
}

/** Why a held message asked for again is held again instead. */
export function refetchFailedReason(input: { mailbox: string; uid: number } & ({ kind: 'refused'; answer: string } | { kind: 'gone' })): QuarantineReason {
  const what = input.kind === 'refused'
    ? `the mail server refused UID ${input.uid} of ${input.mailbox} again when it was asked for it again (${serverAnswerText(input.answer)}); nothing was downloaded; quarantine retry fetches it again`
    : `the mail server no longer has UID ${input.uid} in ${input.mailbox} (expunged or moved away, or the mailbox's UIDVALIDITY changed); there is nothing to fetch: drop it`;
  return { code: FETCH_REFUSED, reason: what };
}
