// What every command shares: the parsed option values, and printing as JSON or readable text.
// Commands import this, never the dispatcher in main.ts, so the command modules form no cycle.

export type CliValues = { exit?: boolean; json?: boolean; full?: boolean; status?: string; submitter?: string; text?: string; html?: string; now?: string; out?: string; yes?: boolean };

export function print(json: boolean | undefined, data: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}
