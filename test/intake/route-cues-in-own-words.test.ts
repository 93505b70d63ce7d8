// Who handles a request, heard as someone new to the system says it: a mail that greets the vendor with the vendor
// copied is written to the vendor, though the help desk is in To; "CoC meetings", "the HMIS rules" and Clarity's
// "little envelope" name MACCH's meetings, NMIS's policies and the Clarity inbox; "who decides the order" asks about
// the CE queue, while "who decides" the fee or what may be shared is a governance question, not the queue's.
// Whether something is "allowed" asks for HMIS policy (NMIS), as do volunteers who want logins; volunteers alone are no
// PIT planning. "Enroll them in CE", "la inscribimos en CE", with or without an article, asks when to enrol in CE (MACCH).
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/intake/context.ts';
import { wordsOf } from '../../src/intake/linear-model.ts';
import { firedBoundaries } from '../../src/intake/model-features.ts';
import { findConcepts } from '../../src/intake/vocabulary.ts';
import type { IntakeInput } from '../../src/intake/types.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const vocabulary = rules.vocabulary!;
const HELP_DESK = 'helpdesk@ica-hmis.example.org';
const VENDOR = 'support@bitfocus.example.com';

const mail = (text: string, to: string[], cc: string[] = []): IntakeInput => ({ subject: 'Enrollment screen', text, attachments: [], to, cc });
const isToVendor = (input: IntakeInput): boolean => buildContext(input, rules).addressedToVendor;

describe('a mail written to the vendor', () => {
  it.each([
    ['the vendor in To', mail('Hi team,\n\nThe Programs tab shows "Access denied" for one client.', [VENDOR], [HELP_DESK])],
    ['the vendor copied and greeted', mail('Bitfocus Support (copying our ICA help desk),\n\nThe Programs tab shows "Access denied" for one client.', [HELP_DESK], [VENDOR])],
    ['the vendor copied and greeted in Spanish', mail('Hola equipo de Bitfocus (con copia a la mesa de ayuda):\n\nLa pestana Programas dice "Acceso denegado".', [HELP_DESK], [VENDOR])],
  ])('%s', (_name, input) => {
    expect(isToVendor(input)).toBe(true);
  });
});

describe('a mail written to the help desk', () => {
  it.each([
    ['the help desk greeted, the vendor copied', mail('Hi ICA, copying Bitfocus so they see this.\n\nThe Programs tab shows "Access denied" for one client.', [HELP_DESK], [VENDOR])],
    ['the vendor greeted but not among the recipients', mail('Bitfocus Support,\n\nThe Programs tab shows "Access denied" for one client.', [HELP_DESK])],
    ['the vendor named after the greeting', mail('Hi, what is the phone number for Bitfocus? The Programs tab shows "Access denied".', [HELP_DESK], [VENDOR])],
  ])('%s', (_name, input) => {
    expect(isToVendor(input)).toBe(false);
  });
});

describe('route concepts said in everyday words', () => {
  it.each([
    ['Could the CoC meetings have a call-in number?', 'route.macch_coc'],
    ['Is that allowed under the HMIS rules?', 'route.nmis_governance'],
    ['What is the little envelope at the top of the screen for?', 'route.self_service_howto'],
    ['Are our church volunteers allowed to have their own logins?', 'route.nmis_governance'],
    ['Is it permitted to keep a guest\'s photo in the file?', 'route.nmis_governance'],
  ])('"%s" -> %s', (wording, concept) => {
    expect(findConcepts(wordsOf(wording), vocabulary.conceptIndex).map((h) => h.concept)).toContain(concept);
  });
});

describe('the CE queue order boundary', () => {
  const queueRule = vocabulary.boundaries.find((b) => b.says.startsWith('CE queue order'))!;
  const fires = (text: string): boolean => firedBoundaries(buildContext(mail(text, [HELP_DESK]), rules), vocabulary).includes(queueRule);

  it('fires for who decides the order of a list', () => {
    expect(fires('A man we assessed in May is still waiting. Who decides the order on that list?')).toBe(true);
  });

  it.each([
    'Who decides the HMIS user fee each year?',
    'Who decides what we may share with the county jail?',
  ])('does not fire for a governance question: "%s"', (text) => {
    expect(fires(text)).toBe(false);
  });
});

describe('the PIT planning and CE enrolment boundaries', () => {
  const rule = (start: string) => vocabulary.boundaries.find((b) => b.says.startsWith(start))!;
  const fires = (start: string, text: string): boolean => firedBoundaries(buildContext(mail(text, [HELP_DESK]), rules), vocabulary).includes(rule(start));

  it.each([
    ['PIT count planning', 'Who organises the youth count this January?'],
    ['When to enroll', 'Cuando llega una familia, la inscribimos primero en CE o hacemos la evaluacion?'],
    ['When to enroll', 'Do we enroll them in CE before or after the shelter intake?'],
  ])('%s fires: "%s"', (start, text) => {
    expect(fires(start, text)).toBe(true);
  });

  it.each([
    // Volunteers who want logins ask about HMIS policy, not the count.
    ['PIT count planning', 'Can our pantry volunteers have their own Clarity logins?'],
    ['When to enroll', 'She is enrolled in certain programs at two agencies; which one shows first?'],
  ])('%s does not fire: "%s"', (start, text) => {
    expect(fires(start, text)).toBe(false);
  });
});
