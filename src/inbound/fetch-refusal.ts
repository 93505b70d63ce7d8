// Decides what becomes of a message the mail server will not give us (it answers the FETCH that
// names it with NO or BAD, ends the session in the middle of it, answers OK without it, or cuts
// the connection without a word while sending it): asked for again on the next pass, or, after
// REFUSALS_BEFORE_HOLD passes in a row, held for an admin so the mail behind it flows; and the
// reasons an admin reads. Pure.
import type { QuarantineReason } from './processable.ts';

/**
 * Passes in a row in which the same UID was refused before it is held. A connection cut without a
 * word from the server counts only when it was cut while that UID was being sent, on a session that
 * had logged in and selected the mailbox; one lost anywhere else is an outage and does not count
 * (adapters/imap/mailbox.ts, workers/fetch-mail.ts).
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

/**
 * `passes`: in how many passes in a row, this one included, the connection was cut while the server
 * was sending `uid` (or the server refused it). A server that does this every time, and answers
 * the next login at once, is most likely reading a damaged message file: Dovecot cuts the session
 * without a BYE when the file is shorter than the size it recorded for it. Held under the same
 * code as a refusal, so an admin finds and retries both alike; the reason says which it was.
 */
export function decideCutFetch(input: { mailbox: string; uid: number; passes: number }): RefusalDecision {
  if (input.passes < REFUSALS_BEFORE_HOLD) return { kind: 'ask-again' };
  return {
    kind: 'hold',
    held: {
      code: FETCH_REFUSED,
      reason: `the mail server cut the connection ${input.passes} times in a row while sending this message (UID ${input.uid} of ${input.mailbox}), without an error and with logins working in between; its file on the server may be damaged (shorter than the size the server recorded for it, say); nothing was downloaded and the message stays on the server as it is; quarantine retry fetches it again`,
    },
  };
}

/** Why a held message asked for again is held again instead. */
export function refetchFailedReason(input: { mailbox: string; uid: number } & ({ kind: 'refused'; answer: string } | { kind: 'cut' } | { kind: 'gone' })): QuarantineReason {
  const what = input.kind === 'refused'
    ? `the mail server refused UID ${input.uid} of ${input.mailbox} again when it was asked for it again (${serverAnswerText(input.answer)}); nothing was downloaded; quarantine retry fetches it again`
    : input.kind === 'cut'
      ? `the mail server cut the connection again while sending this message (UID ${input.uid} of ${input.mailbox}) when it was asked for it again; its file on the server may be damaged; nothing was downloaded; quarantine retry fetches it again`
      : `the mail server no longer has UID ${input.uid} in ${input.mailbox} (expunged or moved away, or the mailbox's UIDVALIDITY changed); there is nothing to fetch: drop it`;
  return { code: FETCH_REFUSED, reason: what };
}
