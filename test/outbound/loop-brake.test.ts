// The loop judgement on real mail: a robot that hides every automatic sign is stopped by the
// signs of a loop (the same text again, answers within seconds) within three exchanges, while a
// person's distinct replies, one of them quick, go through; new requests from the variants of one
// Gmail address count as one sender. The fixtures are under test/fixtures/mail/loop/.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import {
  askBrake, brakeReply, brakeTooLargeAnswer, holdMailOf, isQuickAnswer, isSameText, judgeNewRequest, judgeReleasedRequest, judgeReply, LOOP_NOTE_START, summariseLimits,
  type BrakeLimits, type ExchangeHistory, type ReplySeen,
} from '../../src/outbound/loop-brake.ts';
import { planNotifications } from '../../src/outbound/notify-plan.ts';
import { foldAddress } from '../../src/tickets/mailbox.ts';
import type { TicketChange } from '../../src/tickets/ticket-change.ts';
import type { TicketState } from '../../src/tickets/types.ts';
import { CTX, SIGNS } from '../inbound/mail-kind-support.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail/loop');
const LIMITS: BrakeLimits = { repliesPerTicketPerHour: 30, quickReplySeconds: 20, newRequestsPerSenderPerHour: 50, adminNoticesPerHour: 20 };

/** A fixture as the judgement sees it: its sender, its reply text (quotes cut), its Date as the arrival time. */
async function replyOf(name: string): Promise<ReplySeen & { kind: string }> {
  const parsed = await parseMessage(readFileSync(resolve(fixtures, name)));
  const { replyText } = extractReplyText({ text: parsed.text, html: parsed.html });
  return { sender: parsed.from!.address, text: replyText, receivedAt: parsed.date!, kind: detectMailKind(parsed, CTX, SIGNS).kind };
}

/** Our status mail to the sender went out on the minute before each reply (as the fixtures' quotes say). */
function ourMailBefore(replies: ReplySeen[], secondsBefore: (i: number) => number): Date[] {
  return replies.map((r, i) => new Date(r.receivedAt.getTime() - secondsBefore(i) * 1000));
}

/** Judges each reply in turn against the ones before it, as the worker does message by message. */
function judgeInTurn(replies: ReplySeen[], ourMailAt: Date[], limits = LIMITS) {
  let loopNoted = false;
  return replies.map((reply, i) => {
    const history: ExchangeHistory = { earlier: replies.slice(0, i), ourMailAt, loopNoted };
    const verdict = judgeReply(reply, history, limits);
    if (verdict.kind === 'loop' && verdict.note) loopNoted = true;
    return verdict;
  });
}

describe('the loop judgement on real mail', () => {
  it('sees a robot that hides every automatic sign as a person by its headers, and stops it by its signs on the third answer', async () => {
    const robot = await Promise.all([1, 2, 3].map((i) => replyOf(`hidden-robot-answer-${i}.eml`)));
    // Nothing in the headers or wording gives it away: the mail-kind stage says "person".
    expect(robot.map((r) => r.kind)).toEqual(['person', 'person', 'person']);
    // Its texts differ in the reference number only.
    expect(robot[0]!.text).not.toBe(robot[1]!.text);
    expect(isSameText(robot[0]!.text, robot[2]!.text)).toBe(true);
    const verdicts = judgeInTurn(robot, ourMailBefore(robot, (i) => i + 1));
    expect(verdicts.map((v) => v.kind)).toEqual(['person', 'person', 'loop']);
    const third = verdicts[2]!;
    if (third.kind !== 'loop') throw new Error('expected a loop');
    expect(third.sign).toBe('same-text');
    expect(third.note).toContain(`${LOOP_NOTE_START}intake@shelter.example.org`);
  });

  it('stops answers within seconds even when each text is new', async () => {
    const robot = await Promise.all([1, 2, 3].map((i) => replyOf(`hidden-robot-answer-${i}.eml`)));
    const varied = robot.map((r, i) => ({ ...r, text: `Ticket note ${['alpha', 'bravo', 'charlie'][i]} logged by the gateway for queue ${['east', 'west', 'north'][i]}` }));
    const verdicts = judgeInTurn(varied, ourMailBefore(varied, () => 2));
    expect(verdicts.map((v) => v.kind === 'loop' ? v.sign : v.kind)).toEqual(['person', 'person', 'quick-answers']);
    // With the timing sign turned off the same answers go through.
    expect(judgeInTurn(varied, ourMailBefore(varied, () => 2), { ...LIMITS, quickReplySeconds: 0 }).map((v) => v.kind)).toEqual(['person', 'person', 'person']);
  });

  it('lets a person\'s distinct replies through, one of them quick', async () => {
    const person = await Promise.all([1, 2, 3].map((i) => replyOf(`person-reply-${i}.eml`)));
    // Our mail went out 41, 35 and 12 seconds before each reply: only the short "Thanks!" is quick.
    const ours = ourMailBefore(person, (i) => [41, 35, 12][i]!);
    expect(person.map((r) => isQuickAnswer(r.receivedAt, ours, LIMITS.quickReplySeconds))).toEqual([false, false, true]);
    expect(judgeInTurn(person, ours).map((v) => v.kind)).toEqual(['person', 'person', 'person']);
  });

  it('writes the loop note once per sender and ticket', async () => {
    const robot = await Promise.all([1, 2, 3].map((i) => replyOf(`hidden-robot-answer-${i}.eml`)));
    const fourth = { ...robot[2]!, receivedAt: new Date(robot[2]!.receivedAt.getTime() + 60_000) };
    const verdict = judgeReply(fourth, { earlier: robot, ourMailAt: [], loopNoted: true }, LIMITS);
    expect(verdict).toMatchObject({ kind: 'loop', note: null });
  });

  it('forgets what is older than an hour', async () => {
    const robot = await Promise.all([1, 2, 3].map((i) => replyOf(`hidden-robot-answer-${i}.eml`)));
    const later = { ...robot[2]!, receivedAt: new Date(robot[1]!.receivedAt.getTime() + 3_600_000 + 1000) };
    expect(judgeReply(later, { earlier: robot.slice(0, 2), ourMailAt: [], loopNoted: false }, LIMITS)).toMatchObject({ kind: 'person' });
  });

  it('holds the mail of replies over the per-ticket limit without calling them a loop', async () => {
    const person = await replyOf('person-reply-1.eml');
    const earlier = Array.from({ length: 3 }, (_, i) => ({ receivedAt: new Date(person.receivedAt.getTime() - (i + 1) * 300_000), text: `Update ${'abc'[i]} on the shelter report` }));
    const verdict = judgeReply(person, { earlier, ourMailAt: [], loopNoted: false }, { ...LIMITS, repliesPerTicketPerHour: 3 });
    expect(verdict).toMatchObject({ kind: 'limit', reason: 'more than 3 replies from this address into this ticket within an hour' });
  });
});

describe('a person is never silenced by how often they write', () => {
  it('lets short thanks from two people sharing one address through, minutes after our mail', async () => {
    const thanks = await Promise.all([1, 2, 3].map((i) => replyOf(`shared-address-thanks-${i}.eml`)));
    expect(thanks.map((r) => r.kind)).toEqual(['person', 'person', 'person']);
    // "Thanks!", "thanks", "Thanks!!": the same text to the comparison, yet how people answer.
    expect(isSameText(thanks[0]!.text, thanks[2]!.text)).toBe(true);
    const ours = ourMailBefore(thanks, (i) => [280, 215, 338][i]!);
    expect(judgeInTurn(thanks, ours).map((v) => v.kind)).toEqual(['person', 'person', 'person']);
    expect(judgeInTurn(thanks, ours, { ...LIMITS, quickReplySeconds: 0 }).map((v) => v.kind)).toEqual(['person', 'person', 'person']);
  });

  it('still stops a short text that comes back again within seconds of our mail', async () => {
    const thanks = await Promise.all([1, 2, 3].map((i) => replyOf(`shared-address-thanks-${i}.eml`)));
    const verdicts = judgeInTurn(thanks, ourMailBefore(thanks, () => 3));
    expect(verdicts.map((v) => v.kind === 'loop' ? v.sign : v.kind)).toEqual(['person', 'person', 'same-text']);
  });

  it('lets a person answer questions from staff within seconds, three times in an hour', async () => {
    const answers = await Promise.all([1, 2, 3].map((i) => replyOf(`quick-answer-${i}.eml`)));
    // Our mail went out 14, 15 and 13 seconds before each answer (as the quotes say): all quick.
    const ours = ourMailBefore(answers, (i) => [14, 15, 13][i]!);
    expect(answers.map((r) => isQuickAnswer(r.receivedAt, ours, LIMITS.quickReplySeconds))).toEqual([true, true, true]);
    expect(judgeInTurn(answers, ours).map((v) => v.kind)).toEqual(['person', 'person', 'person']);
  });

  it('lets a third "#notfixed Still broken" in an hour reach the staff', async () => {
    const replies = await Promise.all([1, 2, 3].map((i) => replyOf(`not-fixed-${i}.eml`)));
    // The note as stored: the command taken out of the text.
    const parsed = replies.map((r) => parseReplyCommands(r.text));
    expect(parsed.map((p) => p.commands.map((c) => c.kind))).toEqual([['notfixed'], ['notfixed'], ['notfixed']]);
    const notes = replies.map((r, i) => ({ ...r, text: parsed[i]!.noteText }));
    expect(isSameText(notes[0]!.text, notes[2]!.text)).toBe(true);
    const ours = ourMailBefore(notes, (i) => [330, 332, 345][i]!);
    expect(judgeInTurn(notes, ours).map((v) => v.kind)).toEqual(['person', 'person', 'person']);
  });
});

describe('volume alone holds no mail from the staff', () => {
  it('still mails the assignee a reply over the per-ticket limit, and keeps back only the others\' mail', async () => {
    const reply = await replyOf('shared-address-thanks-1.eml');
    const earlier = Array.from({ length: 3 }, (_, i) => ({ receivedAt: new Date(reply.receivedAt.getTime() - (i + 1) * 240_000), text: `Second look at bed ${'abc'[i]} in the east wing` }));
    const verdict = judgeReply(reply, { earlier, ourMailAt: [], loopNoted: false }, { ...LIMITS, repliesPerTicketPerHour: 3 });
    expect(verdict.kind).toBe('limit');
    const change: TicketChange = {
      kind: 'update', ticketId: 180, outcome: 'appended', patch: {}, attachments: [], participantChanges: [], corrections: [], undeliverable: [],
      note: { author: { email: reply.sender!, name: '' }, kind: 'note', body: reply.text, stripped: '', internal: false },
      events: [{ event: 'new_note', actor: { email: reply.sender!, name: '' }, payload: {}, withNote: true }],
    };
    const { change: braked, brake } = brakeReply(change, verdict);
    expect(brake).toBe('limit:replies-per-ticket');
    if (braked.kind !== 'update') throw new Error('expected an update');
    const participants = [
      { personId: 1, email: 'becky@utah.example.gov', name: '', role: 'submitter' as const, notify: true },
      { personId: 2, email: reply.sender!, name: '', role: 'interested' as const, notify: true },
    ];
    const ticket: TicketState = {
      id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'Leavers missing',
      assigneeEmail: 'summer@utah.example.gov', closedAt: null, escalatedAt: null,
    };
    const planned = planNotifications({
      event: 'new_note', ticket, participants, actorEmail: reply.sender!, internal: false, adminEmails: ['summer@utah.example.gov'], supportAddress: null,
      payload: braked.events[0]!.payload,
    });
    expect(planned).toEqual([
      { to: 'becky@utah.example.gov', role: 'submitter', template: 'new_note', heldBy: 'more than 3 replies from this address into this ticket within an hour' },
      { to: 'summer@utah.example.gov', role: 'assignee', template: 'new_note' },
    ]);
    // A loop's signs hold the staff's mail too: a machine talks to nobody.
    const looped = brakeReply(change, { kind: 'loop', sign: 'same-text', reason: 'the same text came from this address 3 times within an hour', note: null }).change;
    if (looped.kind !== 'update') throw new Error('expected an update');
    const loopPlanned = planNotifications({
      event: 'new_note', ticket, participants, actorEmail: reply.sender!, internal: false, adminEmails: ['summer@utah.example.gov'], supportAddress: null,
      payload: looped.events[0]!.payload,
    });
    expect(loopPlanned.map((p) => [p.to, p.heldBy !== undefined])).toEqual([['becky@utah.example.gov', true], ['summer@utah.example.gov', true]]);
  });
});

describe('new requests per sender', () => {
  it('folds Gmail dots, googlemail.com and +tags into one sender, and +tags for every domain', async () => {
    const senders = await Promise.all([1, 2, 3, 4].map(async (i) => (await parseMessage(readFileSync(resolve(fixtures, `new-request-sender-variant-${i}.eml`)))).from!.address));
    expect(senders.map(foldAddress)).toEqual(['abc@gmail.com', 'abc@gmail.com', 'abc@gmail.com', 'abc@shelter.example.org']);
    // Dots count elsewhere: they are part of the mailbox name.
    expect(foldAddress('a.b.c@shelter.example.org')).toBe('a.b.c@shelter.example.org');
    expect(foldAddress('+odd@example.test')).toBe('+odd@example.test');
  });

  it('holds a sender\'s requests over the cap and summarises admin notices over theirs', () => {
    const limits = { ...LIMITS, newRequestsPerSenderPerHour: 3, adminNoticesPerHour: 2 };
    expect(judgeNewRequest({ fromSender: 3, overall: 2 }, limits)).toEqual({ hold: null, adminNotice: 'send' });
    expect(judgeNewRequest({ fromSender: 3, overall: 3 }, limits)).toEqual({ hold: null, adminNotice: 'summarise' });
    expect(judgeNewRequest({ fromSender: 4, overall: 4 }, limits).hold).toBe('more than 3 new requests from this sender within an hour');
  });

  it('never holds a request an admin released, and summarises its admin notice past the hour\'s cap', () => {
    const limits = { ...LIMITS, newRequestsPerSenderPerHour: 3, adminNoticesPerHour: 2 };
    expect(judgeReleasedRequest({ overall: 2 }, limits)).toEqual({ hold: null, adminNotice: 'send' });
    expect(judgeReleasedRequest({ overall: 3 }, limits)).toEqual({ hold: null, adminNotice: 'summarise' });
    expect(judgeReleasedRequest({ overall: 500 }, { ...limits, newRequestsPerSenderPerHour: 1 })).toEqual({ hold: null, adminNotice: 'summarise' });
  });

  it('answers messages too large only within the sender\'s cap, whatever the admins\' notices did', () => {
    const limits = { ...LIMITS, newRequestsPerSenderPerHour: 3, adminNoticesPerHour: 1 };
    expect(brakeTooLargeAnswer({ fromSender: 3, overall: 40 }, limits, 'abc@gmail.com')).toBeNull();
    expect(brakeTooLargeAnswer({ fromSender: 4, overall: 4 }, limits, 'abc@gmail.com')).toBe('more than 3 new requests from this sender within an hour (abc@gmail.com)');
  });

  it('counts messages too large apart from held requests in the admins\' summary, by folded sender', () => {
    const summary = summariseLimits([
      { sender: 'a.b.c+big@gmail.com', kind: 'too_large' },
      { sender: 'abc@googlemail.com', kind: 'too_large' },
      { sender: 'abc@gmail.com', kind: 'held' },
      { sender: 'dana@clinic.example.test', kind: 'summarised' },
    ]);
    expect(summary).toEqual({ held: 1, summarised: 1, tooLarge: 2, senders: [{ address: 'abc@gmail.com', count: 3 }, { address: 'dana@clinic.example.test', count: 1 }] });
    expect(summariseLimits([])).toBeNull();
  });
});

describe('mail held back by a verdict', () => {
  const change: TicketChange = {
    kind: 'update', ticketId: 7, outcome: 'appended', patch: {}, attachments: [], participantChanges: [], corrections: [], undeliverable: [],
    note: { author: { email: 'intake@shelter.example.org', name: '' }, kind: 'note', body: 'Thank you for contacting us.', stripped: '', internal: false },
    events: [{ event: 'new_note', actor: { email: 'intake@shelter.example.org', name: '' }, payload: {}, withNote: true }],
  };

  it('keeps the change and its note, marks every event held and adds the internal note', () => {
    const held = holdMailOf(change, 'mail loop: same text', { note: 'Automatic mail stopped for replies from intake@shelter.example.org: ...' });
    if (held.kind !== 'update') throw new Error('expected an update');
    expect(held.note).toEqual(change.note);
    expect(held.events.map((e) => e.payload.heldBy)).toEqual(['mail loop: same text']);
    expect(held.extraNotes).toEqual([{ author: null, kind: 'system', body: 'Automatic mail stopped for replies from intake@shelter.example.org: ...', stripped: '', internal: true }]);
  });

  it('plans the held mail for everyone it would have gone to, each marked held, so it is recorded and not sent', () => {
    const held = holdMailOf(change, 'mail loop: same text');
    if (held.kind !== 'update') throw new Error('expected an update');
    const participants = [
      { personId: 1, email: 'becky@utah.example.gov', name: '', role: 'submitter' as const, notify: true },
      { personId: 2, email: 'intake@shelter.example.org', name: '', role: 'interested' as const, notify: true },
    ];
    const input = { event: 'new_note' as const, ticket: null, participants, actorEmail: 'intake@shelter.example.org', internal: false, adminEmails: [], supportAddress: null };
    expect(planNotifications({ ...input, payload: held.events[0]!.payload })).toEqual([{ to: 'becky@utah.example.gov', role: 'submitter', template: 'new_note', heldBy: 'mail loop: same text' }]);
    expect(planNotifications({ ...input, payload: {} })).toEqual([{ to: 'becky@utah.example.gov', role: 'submitter', template: 'new_note' }]);
  });
});

describe('which limit a message meets', () => {
  const reply: TicketChange = {
    kind: 'update', ticketId: 7, outcome: 'appended', patch: {}, attachments: [], participantChanges: [], corrections: [], undeliverable: [],
    note: { author: { email: 'becky@utah.example.gov', name: '' }, kind: 'note', body: 'Still missing.', stripped: '', internal: false },
    events: [{ event: 'new_note', actor: { email: 'becky@utah.example.gov', name: '' }, payload: {}, withNote: true }],
  };
  const request: TicketChange = {
    kind: 'create', submitter: { email: 'a.b.c+1@gmail.com', name: '' }, participants: [], attachments: [], events: [],
    ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
  };
  const base = { messageKind: 'reply', sender: 'Becky@Utah.example.gov', senderProven: true, staff: ['summer@utah.example.gov'], released: false };

  it('judges a person\'s reply on its exchange and a new request on its folded sender', () => {
    expect(askBrake(reply, base)).toEqual({ kind: 'reply', ticketId: 7, sender: 'becky@utah.example.gov', text: 'Still missing.' });
    expect(askBrake(request, { ...base, messageKind: 'new', sender: 'a.b.c+1@gmail.com' })).toEqual({ kind: 'new_request', sender: 'abc@gmail.com' });
  });

  it('never judges staff, or automatic mail already answered by nothing', () => {
    expect(askBrake(reply, { ...base, sender: 'SUMMER@utah.example.gov' })).toEqual({ kind: 'none' });
    expect(askBrake(reply, { ...base, messageKind: 'auto_reply' })).toEqual({ kind: 'none' });
    expect(askBrake({ ...reply, events: [] }, base)).toEqual({ kind: 'none' });
  });

  it('judges a request an admin released apart: not on its sender\'s hour, but still one of the hour\'s new requests', () => {
    expect(askBrake(request, { ...base, messageKind: 'new', sender: 'a.b.c+1@gmail.com', released: true })).toEqual({ kind: 'released_request', sender: 'abc@gmail.com' });
    // Proven staff are still never judged, released or not.
    expect(askBrake(request, { ...base, messageKind: 'new', sender: 'summer@utah.example.gov', released: true })).toEqual({ kind: 'none' });
  });

  it('judges mail that only names a staff address in its From like anyone\'s', () => {
    const forged = { ...base, sender: 'summer@utah.example.gov', senderProven: false };
    expect(askBrake(request, { ...forged, messageKind: 'new' })).toEqual({ kind: 'new_request', sender: 'summer@utah.example.gov' });
    expect(askBrake({ ...reply, note: { ...reply.note!, body: 'Closing this.' } }, forged)).toEqual({ kind: 'reply', ticketId: 7, sender: 'summer@utah.example.gov', text: 'Closing this.' });
  });
});

