// Decides what becomes of a message the mail server will not give us (it answers the FETCH that
// names it with NO or BAD, ends the session in the middle of it, answers OK without it, or cuts
// the connection without a word while sending it): asked for again on the next pass, or, after
// REFUSALS_BEFORE_HOLD passes in a row, held for an admin so the mail behind it flows; the
// reasons an admin reads; and what a failed pass does about a cut counted before it. Pure.
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

/**
 * Whether the cut counted against a message is still awaited after this refusal or cut was decided:
 * only a cut asked for again is (the pass fails with it, and the next login says whether the server
 * was there). A refusal is the server answering, and a message held is settled: either clears it.
 */
export function keepsCutCounted(kind: 'refused' | 'cut', decision: RefusalDecision): boolean {
  return kind === 'cut' && decision.kind === 'ask-again';
}

/** A fetch pass's failure, as measured against a cut counted in this or the last pass. */
export interface FetchFailure {
  /** No cut is awaited, the failure is the cut just counted, or a cut was counted before it. */
  cut: 'none' | 'this-failure' | 'earlier';
  /** The failure's code (errors.ts), when it has one. */
  code: string | undefined;
  /**
   * `fetching`: logging in, opening the mailbox and fetching past the cursor, up to the message
   * the cut was counted against; `after-fetching`: that message was asked for again and answered
   * for (it came whole and the cursor moved past it, it was refused, or it was held), and the pass
   * went on to messages asked for again by an admin and to marking handled mail done.
   */
  step: 'fetching' | 'after-fetching';
}

export type AfterFetchFailure =
  /** The failure is the cut just counted, said there already: back off without a word. */
  | { kind: 'back-off-quietly' }
  /** Said as the failure it is; `forgetCut`: the cuts counted may have been the network's, start their count again. */
  | { kind: 'report'; forgetCut: boolean };

/**
 * Failures that say the mail server could not be reached, logged in to, its mailbox opened, or a
 * command on the new session answered (SEARCH, or a FETCH that failed without a refusal or a cut).
 */
const MAIL_SERVER_AWAY = new Set(['IMAP_CONNECT', 'IMAP_AUTH', 'IMAP_MAILBOX', 'IMAP_COMMAND']);

/**
 * What a failed fetch pass does about the cut counted before it. The cut itself backs off quietly.
 * A cut counts against a message only when the server answers the next login at once: should the
 * next session fail before the message is asked for again, the server (or the network) was away in
 * between, and the count starts again. Once the message was asked for again and answered for, its
 * count is settled; a failure after that (a STORE or MOVE refused while marking mail done, say)
 * comes from a server that was there, and says nothing about those cuts.
 */
export function decideAfterFetchFailure(failure: FetchFailure): AfterFetchFailure {
  if (failure.cut === 'this-failure') return { kind: 'back-off-quietly' };
  const forgetCut = failure.cut === 'earlier' && failure.step === 'fetching' && MAIL_SERVER_AWAY.has(failure.code ?? '');
  return { kind: 'report', forgetCut };
}
