// Who hears that their message was too large: the header block of a message over MAX_MESSAGE_MB
// (all the fetcher downloads) decides. A person's mail gets one short answer with the sizes;
// automatic mail, a From that failed DMARC and one naming more than one author get nothing (no
// backscatter to a forged sender).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { senderVerifier } from '../../src/adapters/mail-auth/verify-sender.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { decideOversizedAnswer } from '../../src/inbound/oversized-answer.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { SENDER_AUTH_OFF, verdictOfDmarc, type SenderAuth } from '../../src/inbound/sender-auth.ts';
import { testResolver } from '../support/dkim.ts';

const CTX = { ownAddresses: ['helpdesk@example.test'], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: 'deskmail.example.test' };
const MB = 1024 * 1024;

async function decideFor(fixture: string, senderAuth: SenderAuth, bytes = 73.4 * MB) {
  const headers = await parseMessage(readFileSync(new URL(`../fixtures/mail/${fixture}`, import.meta.url)));
  const verdict = detectMailKind(headers, CTX, defaultMailSigns());
  return decideOversizedAnswer({ headers, verdict, senderAuth, bytes, limitBytes: 50 * MB }, CTX);
}

describe('the answer to a message over the size limit', () => {
  it('tells a person the size, the limit and what to send instead', async () => {
    const answer = await decideFor('oversized-headers-person.eml', SENDER_AUTH_OFF);
    expect(answer).toEqual({
      kind: 'answer',
      to: 'dana@clinic.example.test',
      subject: 'Your message was too large: Scanned intake forms for March',
      text: 'Your message "Scanned intake forms for March" was too large (73.4 MB, limit 50 MB), so it was not read and no ticket was opened.\n\n'
        + 'Please send it again with files smaller than 35 MB in all, or share large files through a link.',
    });
  });

  it('answers a From that passed DMARC', async () => {
    expect((await decideFor('oversized-headers-person.eml', verdictOfDmarc('pass', 'clinic.example.test'))).kind).toBe('answer');
  });

  it('stays silent to a From that failed DMARC', async () => {
    const answer = await decideFor('oversized-headers-person.eml', verdictOfDmarc('fail', 'clinic.example.test', 'p=reject'));
    expect(answer).toEqual({ kind: 'silent', reason: 'unverified sender: dmarc=fail (p=reject) for clinic.example.test' });
  });

  it('stays silent to a From of a p=reject domain written beside another From, which DMARC does not judge', async () => {
    const check = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: testResolver });
    const fixture = 'from-two-headers-forged-reject-domain.eml';
    const auth = await check(readFileSync(new URL(`../fixtures/mail/${fixture}`, import.meta.url)));
    expect(auth.verified).toBe('none');
    const answer = await decideFor(fixture, auth);
    expect(answer).toEqual({ kind: 'silent', reason: expect.stringContaining('more than one From header') });
  });

  it('stays silent to automatic mail', async () => {
    expect(await decideFor('oversized-headers-auto-submitted.eml', SENDER_AUTH_OFF)).toEqual({ kind: 'silent', reason: 'auto-submitted header' });
  });
});
