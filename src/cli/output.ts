// What every command shares: the parsed option values, and printing as JSON or readable text.
// Commands import this, never the dispatcher in main.ts, so the command modules form no cycle.
// Either way no control character of stored text reaches the terminal raw: it came from whoever
// mailed or typed it, and a terminal reads ESC, BEL or CSI as commands (retitle the window, clear
// the screen, hide what follows), as `attachments get` refuses to write a file there for.

export type CliValues = { exit?: boolean; json?: boolean; full?: boolean; status?: string; submitter?: string; text?: string; html?: string; now?: string; out?: string; yes?: boolean };

// C0 but for tab and LF (a lone CR rewrites the line it ends), DEL, and C1 (U+009B is CSI).
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// JSON.stringify writes C0 as \uXXXX already, but DEL and C1 as they are. Such a character can
// only stand inside a JSON string, where \uXXXX reads back as the same character.
const JSON_RAW_CONTROLS = /[\u007f-\u009f]/g;

const hex = (c: string): string => c.charCodeAt(0).toString(16).padStart(2, '0');

/** The text with each control character shown as `\xNN` (ESC as `\x1b`), tab and line breaks kept. Pure. */
export function showControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\x${hex(c)}`);
}

export function print(json: boolean | undefined, data: unknown, human: () => string): void {
  process.stdout.write(json
    ? `${JSON.stringify(data, null, 2).replace(JSON_RAW_CONTROLS, (c) => `\\u00${hex(c)}`)}\n`
    : `${showControls(human())}\n`);
}
