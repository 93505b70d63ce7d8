// The shapes of a reply's reading: the note, what was cut and by which rule. Types only.
import type { TrailingCut } from './signature.ts';

/** The rules that remove lines from a reply; `deskmail inspect --json` lists them as `cuts`. */
export type CutRule =
  | 'reply-marker'
  | 'html-quote-container'
  | 'html-signature-container'
  | 'quote-lines'
  | 'attribution'
  | 'header-block'
  | 'separator'
  | 'forward'
  | 'signature-delimiter'
  | 'device-line'
  | 'footer-after-quote'
  | 'image-placeholder'
  | TrailingCut['rule'];

export interface ReplyCut {
  rule: CutRule;
  /** 1-based line of the body that was read (`source`) where the cut starts. */
  line: number;
}

/**
 * The message below the cut that ended the reply, when that cut is one that also opens a message passed
 * on: a forward marker ("---------- Forwarded message ---------", "Begin forwarded message:"), or a header
 * block, an "-----Original Message-----" separator or the HTML's quote container, which open a forward as
 * well as a reply's history (only the subject tells them apart: inbound/request-text.ts). From its first
 * line (the marker or header) down, as it stands. The note never holds it.
 */
export interface ForwardedPart {
  rule: Extract<CutRule, 'forward' | 'header-block' | 'separator' | 'html-quote-container'>;
  text: string;
}

export interface ReplyText {
  /** What the person wrote: the note. */
  replyText: string;
  /** Everything that was stripped, in order (for `tickets show --full`). */
  quoted: string;
  /** Which part was read: the text part, or the visible text of the HTML part. */
  source: 'text' | 'html';
  /** Which rule cut where, top to bottom. */
  cuts: ReplyCut[];
  /** When both parts were read and differed: why this one was chosen. */
  crossCheck?: string;
  /** The message below the cut, when the cut can open a forwarded message (see ForwardedPart). */
  forwarded?: ForwardedPart;
  /**
   * When the HTML was the mail's only body (no text part, or only the parser's rendering of the
   * HTML): its whole visible text, without our marks, which the note was read from. Intake reads it.
   */
  htmlOnlyText?: string;
}

/** One part read on its own. */
export interface Reading extends ReplyText {
  /** Lines of the body that were read, after line-end normalisation. */
  lines: string[];
  /** The first line the HTML's own quote structure (a container or <blockquote>) cut; -1 when none. */
  structuralFrom: number;
  /** The lines the HTML's own signature containers held (dropped as signature); empty for text. */
  signature: string[];
}

