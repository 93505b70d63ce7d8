// Reply extraction on short replies worded differently from the blind set, one or two per rule
// that the blind set made us add or widen (device lines, name-with-title blocks, disclaimers by
// content, numbered inline questions, report parameter lines, the re-wrapped marker, closings).
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';

const squash = (s: string): string => s.trim().replace(/\s+/g, ' ');
const Q = '\n> old text\n> more old text\n';
const OUTLOOK = '\nFrom: Acme <a@b.test>\nSent: Tuesday, March 4, 2025 10:12 AM\nTo: x@y.test\nSubject: T\n\nold\n';

const cases: Array<[string, string, string]> = [
  ['"Outlook für iOS beziehen" device line', 'Done, thanks.\n\nOutlook für iOS beziehen<https://aka.ms/o0ukef>\n________________________________\nVon: Acme <a@b.test>\nGesendet: Montag, 3. März 2025 09:00\nAn: x@y.test\nBetreff: Test\n', 'Done, thanks.'],
  ['"Enviado desde mi Samsung Galaxy" device line', 'Listo.\n\nEnviado desde mi Samsung Galaxy\n\n-------- Mensaje original --------\nDe: Acme <a@b.test>\nFecha: 03/03/25 9:00\nPara: x@y.test\nAsunto: Test\n', 'Listo.'],
  ['"Gesendet mit der WEB.DE Mail App" device line', 'Ja, das passt.\n\nGesendet mit der WEB.DE Mail App\n\nAm 04.03.25, 10:12 schrieb Acme Support <support@acme.test>:' + Q, 'Ja, das passt.'],
  ['an honorific name with a title after a dash under the closing', 'Please reinstall it.\n\nBest regards,\nMs. Laura Chen – IT Coordinator\nCity Library Services\nTel. +1 555 010 2233\n\nOn Mon, Mar 3, 2025 at 9:00 AM Acme <a@b.test> wrote:' + Q, 'Please reinstall it.\n\nBest regards,'],
  ['a one-line name | title block', 'Works.\n\n[cid:image001.png@01DB8C2A.5E1F3C40]\n\nSarah Jones | Office Manager\n' + OUTLOOK, 'Works.'],
  ['a disclaimer that opens with neither "confidential" nor "this e-mail"', 'Fixed now.\n\nThanks,\nBob\n\nThis communication may contain information that is legally privileged and exempt from disclosure. Any unauthorised use, copying or distribution is strictly forbidden. If you got this by mistake, please tell us and delete it.\n\nOn Mon, Mar 3, 2025 at 9:00 AM Acme <a@b.test> wrote:' + Q, 'Fixed now.\n\nThanks,\nBob'],
  ['a typed paragraph that merely mentions deleting confidential files', 'Please delete my old account, I no longer need it. The confidential files were already moved, so nothing is lost and no one else is affected by this change at all.\n\nThanks,\nBob', 'Please delete my old account, I no longer need it. The confidential files were already moved, so nothing is lost and no one else is affected by this change at all.\n\nThanks,\nBob'],
  ['answers under "1)"-numbered quoted questions', 'See below.\n\nOn Mon, Mar 3, 2025 at 9:00 AM Acme <a@b.test> wrote:\n> 1) What is the asset tag?\n\nAT-4410\n\n> 2) Since when?\n\nSince Friday.\n', 'See below.\n\nAT-4410\n\nSince Friday.'],
  ['typed "> 3 printers offline" lines stay', 'Status today:\n> 3 printers offline\n> 12 tickets open\nPlease help.', 'Status today:\n> 3 printers offline\n> 12 tickets open\nPlease help.'],
  ['answers typed right under quoted questions', 'My answers:\n\nOn Tue, Mar 4, 2025 at 10:12 AM Acme <a@b.test> wrote:\n> Which OS?\nmacOS 14\n> Which app version?\n3.2\n> Thanks\n', 'My answers:\n\nmacOS 14\n\n3.2'],
  ['report parameters with month names', 'Please rerun with:\nFrom: January 1, 2025\nTo: March 31, 2025\n\nThanks,\nLi', 'Please rerun with:\nFrom: January 1, 2025\nTo: March 31, 2025\n\nThanks,\nLi'],
  ['German report parameters', 'Der Bericht mit\nVon: 01.01.2025\nBis: 31.03.2025\nist falsch.\n\nGruß', 'Der Bericht mit\nVon: 01.01.2025\nBis: 31.03.2025\nist falsch.\n\nGruß'],
  ['our marker re-wrapped over two lines', 'Got it\n\n##- Please type your reply\nabove this line -##\n', 'Got it'],
  ['a closing in two languages above a contact block', 'Hi,\n\nnew laptop please.\n\nBest regards / Mit freundlichen Grüßen\nLena Vogel\nTeam Lead Accounting\nFirma GmbH | Hauptstr. 1 | 10115 Berlin\n', 'Hi,\n\nnew laptop please.\n\nBest regards / Mit freundlichen Grüßen'],
  ['a name starting like a preposition ("Emma") under the closing', 'Sure.\n\nThanks,\nEmma\n(she/her)\n\nOn Tue, Mar 4, 2025 at 10:12 AM Acme <a@b.test> wrote:' + Q, 'Sure.\n\nThanks,\nEmma\n(she/her)'],
  ['a French typed "a écrit :" first line', "Le lundi, notre gestionnaire a écrit :\nle formulaire refuse les dates avant 1950.\n\nMerci", "Le lundi, notre gestionnaire a écrit :\nle formulaire refuse les dates avant 1950.\n\nMerci"],
  ['a Swedish Outlook header block', 'Klart, tack!\n\nFrån: Acme Support <support@acme.test>\nSkickat: den 4 mars 2025 10:12\nTill: Eva <eva@x.test>\nÄmne: [HD-1] Test\n\nold', 'Klart, tack!'],
];

describe('extractReplyText on differently worded probes', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    expect(squash(extractReplyText({ text, html: null }).replyText)).toBe(squash(expected));
  });
});
