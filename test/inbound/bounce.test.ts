import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounce as parseBounceWith } from '../../src/inbound/bounce.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
const parseBounce = (msg: ParsedMessage) => parseBounceWith(msg, defaultMailSigns());
const parseFixture = async (name: string) => parseMessage(readFileSync(resolve(fixtures, name)));

describe('parseBounce', () => {
  it('reads the failed recipient, status and diagnostic from a Postfix delivery-status part', async () => {
    const report = parseBounce(await parseFixture('bounce-postfix.eml'));
    expect(report).not.toBeNull();
    expect(report!.recipients).toEqual([
      {
        address: 'old.colleague@customer.example',
        status: '5.1.1',
        action: 'failed',
        diagnostic: '550 5.1.1 <old.colleague@customer.example>: Recipient address rejected: User unknown in local recipient table',
      },
    ]);
    expect(report!.temporary).toBe(false);
  });

  it('finds our Message-ID and References in the returned original', async () => {
    const report = parseBounce(await parseFixture('bounce-postfix.eml'));
    expect(report!.originalMessageId).toBe('reply-1042-3@desk.example');
    expect(report!.originalReferences).toEqual(['ar-1042@mail.customer.example', 'reply-1042-2@desk.example', 'ticket-1042@desk.example']);
  });

  it('falls back to the prose of a text-only Exim bounce', async () => {
    const report = parseBounce(await parseFixture('bounce-exim-text.eml'));
    expect(report!.recipients).toHaveLength(1);
    expect(report!.recipients[0]).toMatchObject({ address: 'jo@partner.example', status: '5.2.1', action: null });
    expect(report!.recipients[0]!.diagnostic).toContain('550 5.2.1 Mailbox disabled');
    expect(report!.originalMessageId).toBe('reply-2001-1@desk.example');
    expect(report!.originalReferences).toEqual(['ticket-2001@desk.example']);
    expect(report!.temporary).toBe(false);
  });

  it('marks a delay notice temporary and reads the original from text/rfc822-headers', async () => {
    const report = parseBounce(await parseFixture('bounce-delay-notice.eml'));
    expect(report!.recipients).toEqual([{ address: 'slow@far.example', status: '4.4.7', action: 'delayed', diagnostic: '421 4.4.7 Try again later' }]);
    expect(report!.temporary).toBe(true);
    expect(report!.originalMessageId).toBe('reply-3003-1@desk.example');
    expect(report!.originalReferences).toEqual(['ticket-3003@desk.example']);
  });

  it('takes the status from the report\'s own Status field, even a generic 5.0.0, and keeps the server\'s code in the diagnostic', async () => {
    const raw = readFileSync(resolve(fixtures, 'bounce-postfix.eml'), 'utf8').replace('Status: 5.1.1', 'Status: 5.0.0');
    const report = parseBounce(await parseMessage(raw));
    expect(report!.recipients[0]!.status).toBe('5.0.0');
    expect(report!.recipients[0]!.diagnostic).toContain('5.1.1');
  });

  it('takes the code from the diagnostic only when the report gives no Status', async () => {
    const raw = readFileSync(resolve(fixtures, 'bounce-postfix.eml'), 'utf8').replace(/^Status: 5\.1\.1\r?\n/m, '');
    const report = parseBounce(await parseMessage(raw));
    expect(report!.recipients[0]!.status).toBe('5.1.1');
  });

  it('reads the server reply from the prose when the report has no Diagnostic-Code', async () => {
    const raw = readFileSync(resolve(fixtures, 'bounce-postfix.eml'), 'utf8').replace(/Diagnostic-Code:[^\n]*\n[^\n]*\n/, '');
    const report = parseBounce(await parseMessage(raw));
    expect(report!.recipients[0]!.diagnostic).toContain('550 5.1.1');
  });

  it.each(['person-says-out-of-office-tomorrow.eml', 'auto-reply-rfc3834.eml', 'empty-return-path-person.eml', 'list-post.eml'])(
    'returns null for %s',
    async (file) => {
      expect(parseBounce(await parseFixture(file))).toBeNull();
    },
  );
});
