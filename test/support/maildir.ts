// The help desk's message files in the private Dovecot's maildir, for tests that damage one the way
// a disk or a careless admin would (made unreadable, cut short) and see what the fetcher makes of it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Harness } from './harness.ts';

/** The file of the help desk's message with this subject in the private Dovecot's maildir. */
export async function maildirFileOf(h: Harness, subject: string): Promise<string> {
  const [local, domain] = h.helpdesk.split('@') as [string, string];
  const maildir = path.join(h.stack.mail.dir, 'mail', domain, local, 'Maildir');
  for (const sub of ['cur', 'new']) {
    for (const name of await fs.readdir(path.join(maildir, sub)).catch(() => [] as string[])) {
      const file = path.join(maildir, sub, name);
      // Dovecot keeps a message with bare LF line ends.
      if ((await fs.readFile(file, 'latin1')).split(/\r?\n/).includes(`Subject: ${subject}`)) return file;
    }
  }
  throw new Error(`no maildir file with subject ${subject}`);
}

/** The same message file now: Dovecot moves it from new/ to cur/ and adds flags after a ':' to its name. */
export async function maildirFileNow(file: string): Promise<string> {
  const maildir = path.dirname(path.dirname(file));
  const stem = path.basename(file).split(':')[0]!;
  for (const sub of ['cur', 'new']) {
    const name = (await fs.readdir(path.join(maildir, sub)).catch(() => [] as string[])).find((n) => n.split(':')[0] === stem);
    if (name) return path.join(maildir, sub, name);
  }
  throw new Error(`message file ${stem} is gone`);
}

/** The private Dovecot's log lines that name this message file (by the stem of its name, which stays). */
export async function dovecotLogLinesOf(h: Harness, file: string): Promise<string[]> {
  const log = await fs.readFile(path.join(h.stack.mail.dir, 'log', 'dovecot.log'), 'utf8');
  const stem = path.basename(file).split(':')[0]!;
  return log.split('\n').filter((l) => l.includes(stem));
}
