// The backlog benchmark's mail: a seeded plan of mixed messages (mostly 2-6 KB requests and
// replies, a quarter with a 50-300 KB attachment, a few with 2-5 MB) and the RFC 5322 bytes of
// each. Pure: the same seed gives the same plan and the same bytes.
import { seededRandom } from '../test/support/seeded-random.ts';

export const MIX = {
  /** Share of messages with a 50-300 KB attachment. */
  attachmentShare: 0.25,
  /** Share of messages with a 2-5 MB attachment. */
  bigShare: 0.05,
  /** Share of messages that answer an earlier request of the same sender (when there is one). */
  replyShare: 0.3,
  textBytes: [2 * 1024, 6 * 1024] as const,
  attachmentBytes: [50 * 1024, 300 * 1024] as const,
  bigBytes: [2 * 1024 * 1024, 5 * 1024 * 1024] as const,
};

export type SizeClass = 'text' | 'attachment' | 'big';

export interface PlannedMessage {
  index: number;
  kind: 'request' | 'reply';
  size: SizeClass;
  sender: string;
  messageId: string;
  /** For a reply: the Message-ID of the request it answers. */
  inReplyTo: string | null;
  subject: string;
  /** Bytes of the typed text part (before the quote of a reply). */
  textBytes: number;
  /** Bytes of the attachment before base64 (0 for none). */
  attachmentBytes: number;
}

const between = (rnd: () => number, [lo, hi]: readonly [number, number]) => lo + Math.floor(rnd() * (hi - lo + 1));

const PROBLEMS = [
  'I cannot add client {id} to my caseload from the Active Case Load page',
  'the bed report for the Outreach program shows zero beds since Monday for client {id}',
  'the enrollment of client {id} in the shelter program fails with an error',
  'my password reset link for ClientTrack does not arrive',
  'the monthly HUD export stops halfway with a timeout',
  'client {id} appears twice in the intake search results',
  'I get "Access denied" when opening the case notes of client {id}',
];

/** The plan for `n` messages from `senders` people, in delivery order. */
export function planBacklog(n: number, seed: number, senders = Math.max(1, Math.min(500, Math.ceil(n / 10)))): PlannedMessage[] {
  const rnd = seededRandom(seed);
  const requestsBy = new Map<string, PlannedMessage[]>();
  const out: PlannedMessage[] = [];
  for (let index = 0; index < n; index++) {
    const sender = `user${String(Math.floor(rnd() * senders) + 1).padStart(4, '0')}@example.test`;
    const earlier = requestsBy.get(sender);
    const kind = earlier?.length && rnd() < MIX.replyShare ? 'reply' : 'request';
    const roll = rnd();
    const size: SizeClass = roll < MIX.bigShare ? 'big' : roll < MIX.bigShare + MIX.attachmentShare ? 'attachment' : 'text';
    const answered = kind === 'reply' ? earlier![Math.floor(rnd() * earlier!.length)]! : null;
    const clientId = `AAAA${String(100000 + Math.floor(rnd() * 900000))}`;
    const problem = PROBLEMS[Math.floor(rnd() * PROBLEMS.length)]!.replace('{id}', clientId);
    const message: PlannedMessage = {
      index, kind, size, sender,
      messageId: `backlog-${seed}-${index}@client.example.test`,
      inReplyTo: answered?.messageId ?? null,
      subject: answered ? `Re: ${answered.subject}` : `${problem.charAt(0).toUpperCase()}${problem.slice(1)} (${index})`,
      textBytes: between(rnd, MIX.textBytes),
      attachmentBytes: size === 'big' ? between(rnd, MIX.bigBytes) : size === 'attachment' ? between(rnd, MIX.attachmentBytes) : 0,
    };
    if (kind === 'request') requestsBy.set(sender, [...(earlier ?? []), message]);
    out.push(message);
  }
  return out;
}

const FILLER = [
  'It started this morning at 9:15 and happens on every computer in our office.',
  'We restarted the browser and cleared the cache, and it still happens.',
  'Our program manager needs this fixed before the end of the month report.',
  'Other staff on the same program can still open their caseloads.',
  'The screen shows the spinner for a long time and then an empty page.',
  'This blocks intake for the families waiting in the lobby today.',
];

/** Typed text of about `bytes` bytes: a greeting, the problem, filler sentences, a closing. */
function bodyText(message: PlannedMessage, rnd: () => number): string {
  const name = message.sender.split('@')[0]!;
  const lines = [message.kind === 'reply' ? 'Hello again,' : 'Hello,', '', `${message.subject.replace(/^Re: /, '')}.`];
  let size = lines.join('\n').length;
  while (size < message.textBytes - 40) {
    const line = FILLER[Math.floor(rnd() * FILLER.length)]!;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('', 'Thanks,', name);
  return lines.join('\n');
}

function wrapBase64(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/** Attachment content: a window of the shared noise pool (incompressible, like a real file). */
export function noisePool(bytes: number, seed: number): Buffer {
  const rnd = seededRandom(seed);
  const pool = Buffer.allocUnsafe(bytes + 4);
  for (let i = 0; i < bytes; i += 4) pool.writeUInt32LE(Math.floor(rnd() * 4294967296), i);
  return pool.subarray(0, bytes);
}

/** The RFC 5322 bytes of one planned message, CRLF line ends; `pool` must hold MIX.bigBytes[1] bytes. */
export function buildMessage(message: PlannedMessage, pool: Buffer, date: Date): Buffer {
  const rnd = seededRandom(message.index + 1);
  const text = bodyText(message, rnd).replace(/\n/g, '\r\n');
  const quote = message.inReplyTo ? `\r\n\r\nOn ${date.toUTCString()}, Help Desk <helpdesk@example.test> wrote:\r\n> Your request has been submitted.\r\n` : '';
  const head = [
    `From: ${message.sender.split('@')[0]} <${message.sender}>`,
    'To: helpdesk@example.test',
    `Subject: ${message.subject}`,
    `Message-ID: <${message.messageId}>`,
    ...(message.inReplyTo ? [`In-Reply-To: <${message.inReplyTo}>`, `References: <${message.inReplyTo}>`] : []),
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  if (message.attachmentBytes === 0) {
    return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', `${text}${quote}`, ''].join('\r\n'));
  }
  const start = Math.floor(rnd() * Math.max(1, pool.length - message.attachmentBytes));
  const content = pool.subarray(start, start + message.attachmentBytes);
  return Buffer.from([
    ...head,
    `Content-Type: multipart/mixed; boundary="b-${message.index}"`,
    '',
    `--b-${message.index}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `${text}${quote}`,
    `--b-${message.index}`,
    `Content-Type: application/pdf; name="report-${message.index}.pdf"`,
    `Content-Disposition: attachment; filename="report-${message.index}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    wrapBase64(content),
    `--b-${message.index}--`,
    '',
  ].join('\r\n'));
}
