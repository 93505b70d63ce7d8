// A plain-text client that lost the line break after "-----Original Message-----" runs the first
// quoted line into it ("-----Original Message-----> From: ..."): that line is still the separator,
// in English and in the other languages the separator is written in, and the closing above stays.
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { readBehaviour } from './reply-behaviour-fixtures.ts';

describe('"-----Original Message-----" run into the first quoted line', () => {
  it('cuts at the separator and keeps the closing and name above it', async () => {
    const { reply, expected } = await readBehaviour('separator-run-into-quote');
    expect(reply.replyText).toBe(expected);
    expect(reply.cuts).toEqual([{ rule: 'separator', line: 7 }]);
    expect(reply.quoted.startsWith('-----Original Message-----> From: Help Desk')).toBe(true);
  });

  it('does the same for "-----Ursprüngliche Nachricht-----> Von: ..."', async () => {
    const { reply, expected } = await readBehaviour('separator-run-into-quote-german');
    expect(reply.replyText).toBe(expected);
    expect(reply.cuts).toEqual([{ rule: 'separator', line: 5 }]);
  });

  it('keeps a typed separator-like line when no quoted line follows it', () => {
    const text = 'Please see below.\n-----Original Message-----> lost in the export, so here it is again:\nThe import failed twice.\n\nRita';
    const reply = extractReplyText({ text, html: null });
    expect(reply.replyText).toBe(text);
    expect(reply.cuts).toEqual([]);
  });

  it('keeps a typed line that only mentions the original message before an arrow', () => {
    const text = 'The original message -> forwarded to billing.\n\nRita';
    expect(extractReplyText({ text, html: null }).replyText).toBe(text);
  });
});
