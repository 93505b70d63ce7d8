// Benchmark (d): memory for one message with a 25 MB attachment, (1) through parseMessage alone
// and (2) through the store path: store the raw mail (inbound_messages), then process-mail
// (load, parse, intake, one transaction that also stores the attachment). Each phase runs in a
// fresh child process so its peak RSS is its own. I/O: a temporary .eml file, a scratch
// database, child processes.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const THIS_FILE = fileURLToPath(import.meta.url);
const ATTACHMENT_BYTES = 25 * 1024 * 1024;

export interface MemoryFigure {
  phase: string;
  rawBytes: number;
  attachmentBytes: number;
  /** RSS before the step, with the raw message already in memory. */
  baselineRss: number;
  /** Highest RSS seen during the step minus the baseline. */
  peakGrowth: number;
  /** RSS growth still there after a full GC while the result is still referenced. */
  retainedGrowth: number;
  /** Growth of Buffer/ArrayBuffer memory still referenced after the step. */
  retainedBuffers: number;
  note: string;
}

/** A request with a short text part and one 25 MB binary attachment, base64 in 76-character lines. */
function buildMessage(): Buffer {
  const b64 = randomBytes(ATTACHMENT_BYTES).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  const head = [
    'From: Alice Example <alice@example.test>',
    'To: helpdesk@example.test',
    'Subject: Export of the bed report attached (25 MB)',
    `Message-ID: <bench-${randomBytes(6).toString('hex')}@client.example.test>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, the bed report export for client AAAA111111 is attached; it shows zero beds since Monday.',
    '',
    '--b1',
    'Content-Type: application/octet-stream; name="bed-report.bin"',
    'Content-Disposition: attachment; filename="bed-report.bin"',
    'Content-Transfer-Encoding: base64',
    '',
  ].join('\r\n');
  return Buffer.from(`${head}\r\n${lines.join('\r\n')}\r\n--b1--\r\n`, 'latin1');
}

/** Tracks the highest RSS every few milliseconds (and the kernel's own high-water mark). */
function peakTracker() {
  let peak = process.memoryUsage.rss();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 2);
  return {
    stop(): number {
      clearInterval(timer);
      const maxRss = process.resourceUsage().maxRSS * 1024;
      // The kernel's high-water mark counts only when this step raised it.
      return Math.max(peak, process.memoryUsage.rss(), maxRss > maxRssBefore ? maxRss : 0);
    },
  };
}

const gc = () => { (globalThis as { gc?: () => void }).gc?.(); (globalThis as { gc?: () => void }).gc?.(); };

async function child(phase: string, file: string): Promise<MemoryFigure> {
  const { parseMessage } = await import('../src/inbound/parse.ts');
  if (phase === 'parse' || phase === 'parse-lean') {
    const raw = readFileSync(file);
    gc();
    const baselineRss = process.memoryUsage.rss();
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const tracker = peakTracker();
    // parse-lean is how process-mail parses: attachment bytes are hashed, never held.
    const parsed = await parseMessage(raw, { keepAttachmentContent: phase === 'parse' });
    const peak = tracker.stop();
    gc();
    const attachment = parsed.attachments[0];
    return {
      phase: phase === 'parse' ? 'parseMessage (inspect: content kept)' : 'parseMessage (process-mail: content not kept)', rawBytes: raw.length, attachmentBytes: attachment?.size ?? 0, baselineRss, peakGrowth: peak - baselineRss,
      retainedGrowth: process.memoryUsage.rss() - baselineRss, retainedBuffers: process.memoryUsage().arrayBuffers - buffersBefore,
      note: `attachment content kept: ${attachment?.content ? 'yes' : 'no'}`,
    };
  }
  // The store path: a scratch database, the raw mail stored, then process-mail on it.
  const { createTestDatabase } = await import('../test/support/harness.ts');
  const { openDatabase } = await import('../src/adapters/db/client.ts');
  const { InboundStore } = await import('../src/adapters/db/inbound-store.ts');
  const { TicketStore } = await import('../src/adapters/db/ticket-store.ts');
  const { processMail } = await import('../src/workers/process-mail.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { loadIntakeAssessor, pipelineSettings } = await import('../src/stage-settings.ts');
  const { pino } = await import('pino');
  const scratch = await createTestDatabase();
  const database = openDatabase(scratch.url);
  try {
    const config = loadConfig({ DATABASE_URL: scratch.url, IMAP_USER: 'bench', IMAP_PASSWORD: 'bench', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex') });
    const inbound = new InboundStore(database.db);
    const tickets = new TicketStore(database.db, config.TICKET_PREFIX);
    const assessIntake = loadIntakeAssessor(config);
    await database.sql`select 1`; // connect before the baseline
    const raw = readFileSync(file);
    if (phase === 'store-raw') {
      gc();
      const baselineRss = process.memoryUsage.rss();
      const buffersBefore = process.memoryUsage().arrayBuffers;
      const tracker = peakTracker();
      await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw });
      const peak = tracker.stop();
      gc();
      return {
        phase: 'store raw (fetch-mail)', rawBytes: raw.length, attachmentBytes: ATTACHMENT_BYTES, baselineRss, peakGrowth: peak - baselineRss,
        retainedGrowth: process.memoryUsage.rss() - baselineRss, retainedBuffers: process.memoryUsage().arrayBuffers - buffersBefore,
        note: 'written as bytes, up to 16 MiB a statement (the driver sends bytea in binary format)',
      };
    }
    // process: the raw mail is stored first (not measured), then process-mail runs on it.
    const { id } = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw });
    gc();
    const baselineRss = process.memoryUsage.rss();
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const tracker = peakTracker();
    const outcome = await processMail({
      db: database.db, inbound, tickets, settings: pipelineSettings(config, []), assessIntake,
      maxAttachmentBytes: config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
    }, id);
    const peak = tracker.stop();
    gc();
    const [stored] = await database.sql<{ size: number }[]>`select size from attachments`;
    return {
      phase: 'process-mail (load, parse, store)', rawBytes: raw.length, attachmentBytes: stored?.size ?? 0, baselineRss, peakGrowth: peak - baselineRss,
      retainedGrowth: process.memoryUsage.rss() - baselineRss, retainedBuffers: process.memoryUsage().arrayBuffers - buffersBefore,
      note: `outcome ${outcome}; attachment row ${stored ? 'stored (bytes stay in the raw mail)' : 'missing'}`,
    };
  } finally {
    await database.close();
    await scratch.drop();
  }
}

export async function benchMemory(): Promise<MemoryFigure[]> {
  const file = path.join(os.tmpdir(), `deskmail-bench-${process.pid}-25mb.eml`);
  writeFileSync(file, buildMessage());
  try {
    const out: MemoryFigure[] = [];
    for (const phase of ['parse', 'parse-lean', 'store-raw', 'process']) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', THIS_FILE, phase, file], {
        maxBuffer: 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'silent' },
      });
      out.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as MemoryFigure);
    }
    return out;
  } finally {
    rmSync(file, { force: true });
  }
}

if (process.argv[1] === THIS_FILE && process.argv[2]) {
  const figure = await child(process.argv[2], process.argv[3]!);
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  process.exit(0);
}
