// Feeds damaged mail through parse -> kind -> auto-answer guard -> bounce -> quarantine -> reply
// extraction for a bounded time. The only error allowed out is UnparseableMessageError.
// FUZZ_SECONDS sets the budget (default 5). The seed is printed before the run and in any failure;
// FUZZ_SEED=<seed> replays the same sequence of damaged messages.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mayAnswerAutomatically } from '../../src/inbound/auto-reply-guard.ts';
import { parseBounce } from '../../src/inbound/bounce.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { parseMessage, UnparseableMessageError } from '../../src/inbound/parse.ts';
import { findQuarantineReason } from '../../src/inbound/processable.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { seededRandom } from '../support/seeded-random.ts';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../..');
const sharedDir = process.env['DESKMAIL_SHARED_DIR'] ?? resolve(projectRoot, '../shared');
const corpusDir = join(sharedDir, 'corpora', 'mail-hygiene');
const fixturesDir = resolve(projectRoot, 'test/fixtures/mail');
const seconds = Number(process.env['FUZZ_SECONDS'] ?? 5);
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env['FUZZ_SEED']}`);
const signs = defaultMailSigns();
const ctx = { ownAddresses: ['support@desk.example'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'desk.example' };

function mailFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return mailFiles(path);
    return /\.(eml|box)$/.test(name) ? [path] : [];
  });
}

type Mutation = (bytes: Buffer, rand: () => number) => Buffer;
const pick = <T>(items: T[], rand: () => number): T => items[Math.floor(rand() * items.length)]!;
const at = (bytes: Buffer, rand: () => number): number => Math.floor(rand() * Math.max(1, bytes.length));
const headerEnd = (bytes: Buffer): number => {
  const i = bytes.indexOf('\n\n') >= 0 ? bytes.indexOf('\n\n') : bytes.indexOf('\r\n\r\n');
  return i >= 0 ? i : bytes.length;
};

const MUTATIONS: Record<string, Mutation> = {
  byteFlips: (b, r) => {
    const out = Buffer.from(b);
    for (let n = 1 + Math.floor(r() * 20); n > 0 && out.length > 0; n--) out[at(out, r)] = Math.floor(r() * 256);
    return out;
  },
  truncate: (b, r) => b.subarray(0, at(b, r)),
  duplicateHeader: (b, r) => {
    const end = headerEnd(b);
    const lines = b.subarray(0, end).toString('latin1').split(/\r?\n/);
    const line = pick(lines, r);
    const copies = Array.from({ length: 1 + Math.floor(r() * 50) }, () => line).join('\r\n');
    return Buffer.concat([Buffer.from(`${copies}\r\n`, 'latin1'), b]);
  },
  giantHeader: (b, r) => {
    const name = pick(['Subject', 'From', 'Message-ID', 'References', 'Content-Type', 'X-Junk', 'To'], r);
    const unit = pick(['a', '<x@y> ', '=?utf-8?B?w6k=?= ', ' ', '\u00e9', 'a,'], r);
    const value = unit.repeat(Math.floor(r() * 200_000));
    return Buffer.concat([Buffer.from(`${name}: ${value}\r\n`, 'utf8'), b]);
  },
  boundaryDamage: (b, r) => {
    const text = b.toString('latin1');
    const damaged = text.replace(/boundary="?([^";\r\n]+)"?/gi, (m, boundary: string) =>
      r() < 0.5 ? m.replace(boundary, boundary.slice(0, Math.floor(r() * boundary.length))) : m,
    ).replace(/^--[^\r\n]+$/gm, (line) => (r() < 0.3 ? line.slice(0, Math.floor(r() * line.length)) : r() < 0.1 ? '' : line));
    return Buffer.from(damaged, 'latin1');
  },
  spliceGarbage: (b, r) => {
    const garbage = Buffer.from(Array.from({ length: Math.floor(r() * 400) }, () => Math.floor(r() * 256)));
    const i = at(b, r);
    return Buffer.concat([b.subarray(0, i), garbage, b.subarray(i)]);
  },
  lineEndings: (b, r) => {
    const text = b.toString('latin1');
    const style = pick(['\r', '\n', '\r\n', '\n\r'], r);
    return Buffer.from(text.replace(/\r?\n/g, style), 'latin1');
  },
  headerCharset: (b, r) => {
    const end = headerEnd(b);
    const out = Buffer.from(b);
    for (let n = 0; n < 30 && end > 0; n++) out[Math.floor(r() * end)] = 0x80 + Math.floor(r() * 128);
    return out;
  },
};

describe('inbound stages under damaged input', () => {
  it(`never throw anything but UnparseableMessageError (seed ${seed}, ${seconds}s)`, async () => {
    const seeds = [...mailFiles(corpusDir), ...mailFiles(fixturesDir)].map((path) => ({ path, bytes: readFileSync(path) }));
    expect(seeds.length).toBeGreaterThan(0);
    console.info(`fuzz: seed ${seed} (replay with FUZZ_SEED=${seed})`);
    const rand = seededRandom(seed);
    const names = Object.keys(MUTATIONS);
    const deadline = Date.now() + seconds * 1000;
    let iterations = 0;
    let unparseable = 0;
    while (Date.now() < deadline) {
      const source = pick(seeds, rand);
      const steps = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(names, rand));
      const bytes = steps.reduce<Buffer>((b, step) => MUTATIONS[step]!(b, rand), source.bytes);
      try {
        const msg = await parseMessage(bytes);
        const verdict = detectMailKind(msg, ctx, signs);
        mayAnswerAutomatically(msg, ctx, verdict);
        parseBounce(msg, signs);
        findQuarantineReason(msg, bytes.length, verdict.kind);
        extractReplyText({ text: msg.text, html: msg.html });
      } catch (err) {
        if (err instanceof UnparseableMessageError) unparseable++;
        else {
          throw new Error(`fuzz failure (replay with FUZZ_SEED=${seed}; iteration ${iterations}, ${source.path}, mutations ${steps.join('+')}): ${String(err)}`, { cause: err });
        }
      }
      iterations++;
    }
    console.info(
      `fuzz: ${iterations} messages in ${seconds}s (${Math.round(iterations / seconds)}/s), ${unparseable} unparseable, seed ${seed}`,
    );
    expect(iterations).toBeGreaterThan(0);
  }, (seconds + 60) * 1000);
});
