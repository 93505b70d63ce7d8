// Without automatic-mail headers, an absence in the body makes a mail an autoresponder's only when
// the notice is all the sender wrote (../shared/notes/reply-conventions.md: a human reply is still a
// person). A person on leave who also writes about the request is a person; an out-of-office notice
// that offers help with a question ("Need immediate help?") or carries a link with a "?" is still a
// notice, and a real question about the request still makes it a person's mail.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asksSomething, saysNothingButAbsence } from '../../src/inbound/kind/body-signs.ts';
import { compiledSigns } from '../../src/inbound/kind/signs.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { CTX, SIGNS, verdictOf } from './mail-kind-support.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
const kindOfFixture = async (name: string) => detectMailKind(await parseMessage(readFileSync(resolve(fixtures, name))), CTX, SIGNS);
const signs = compiledSigns(SIGNS);
const ANSWER = { subject: 'RE: [ClientTrack Issues Tracking] Issue Utah_RW-180 has been fixed', headers: 'In-Reply-To: <fix-180@acme.test>\r\n' };

describe('a person on leave who writes about the request', () => {
  it.each(['reply-on-vacation-still-broken.eml', 'reply-on-vacation-works-spanish.eml'])('is a person: %s', async (name) => {
    expect((await kindOfFixture(name)).kind).toBe('person');
  });

  it.each([
    'I am out of the office until Monday, but it works now. Thanks!',
    'Estoy de vacaciones hasta el lunes, pero ya funciona.\n\nAna',
    'I am on leave until 3/10. The totals are still wrong on the APR.\n\nAlice',
    'Ich bin bis Montag im Urlaub, aber der Bericht ist immer noch falsch.',
    "I'll be out of the office until Monday, so please have Juan check the report while I am away. It still shows the wrong totals.",
  ])('is a person: %j', async (body) => {
    expect((await verdictOf({ ...ANSWER, body })).kind).toBe('person');
  });

  it.each([
    'Hello,\n\nI am out of the office until Monday, March 10 and will be checking email intermittently. For urgent matters, please call 555-010-2290.\n\nThank you,\nJo Baker',
    'Estoy de vacaciones hasta el 10 de marzo, pero responderé a su correo a mi regreso.\n\nSaludos,\nAna',
    "Je suis absente jusqu'au 10 mars. En cas d'urgence, merci de contacter Paul.\n\nCordialement,\nAnne",
    'Vielen Dank für Ihre Nachricht.\n\nIch bin bis zum 14. März nicht im Büro und habe keinen Zugriff auf meine E-Mails.\nIn dringenden Fällen wenden Sie sich bitte an it@kunde.example.',
  ])('leaves a notice that is only the absence an autoresponder\'s: %j', async (body) => {
    expect(saysNothingButAbsence(body, signs)).toBe(true);
    expect(await verdictOf({ ...ANSWER, body })).toEqual({ kind: 'auto_reply', reason: 'ooo body' });
  });
});

describe('an out-of-office notice with a "?" in it', () => {
  it.each(['ooo-offer-question-no-headers.eml', 'ooo-link-with-question-mark-no-headers.eml'])('is an autoresponder\'s: %s', async (name) => {
    expect(await kindOfFixture(name)).toEqual({ kind: 'auto_reply', reason: 'ooo body' });
  });

  it.each([
    ['Need immediate help? Please contact the front desk.', false],
    ["I'm on vacation until 3/10. Questions? Please contact helpdesk@example.test.", false],
    ['For immediate help please use https://agency.example/help?topic=hmis or call us.', false],
    ['I am on vacation until Monday. Is the report fixed now?', true],
    ['Can you check the totals? Thanks', true],
  ])('reads %j as asking something: %s', (body, asks) => {
    expect(asksSomething(body, signs)).toBe(asks);
  });

  it('is a person when the question is about the request', async () => {
    const body = 'I am currently out of the office and will return on Monday, March 10. Is the report fixed now?';
    expect((await verdictOf({ ...ANSWER, body })).kind).toBe('person');
  });
});
