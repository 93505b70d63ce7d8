// Takes the control characters out of text a person sent, by mail or typed on a page. Pure.
// PostgreSQL text refuses NUL; the other C0 and C1 controls (and DEL) are never meant as text, and
// on an operator's terminal they are commands (ESC starts a sequence that retitles the window,
// clears the screen or hides text; U+009B is CSI). Text that carries them (broken clients, binary
// pasted into a body) is still a request: only the controls go. Tab and line ends stay.

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** The string without C0 and C1 control characters or DEL, but for tab, LF and CR. */
export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, '');
}
