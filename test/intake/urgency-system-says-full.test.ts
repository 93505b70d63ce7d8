// A block said as the system's own answer: the client is turned away by what Clarity says ("the program is at
// capacity", "no hay cupo") when the sender tries to enrol them, even though the agency has room. The world's own
// fullness ("the shelter is full tonight") is not the system's block, and a system answer with no client waiting
// is a configuration request. The whole intake decides, in English and Spanish; wordings no labelled set uses.
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const priorityOf = (subject: string, text: string): string => classifyRequest({ subject, text, attachments: [] }, rules).priority;

describe('urgent: the system says full while a client waits', () => {
  it.each([
    ['Cannot enroll, program full', 'A woman and her son are sitting in our lobby. When I go to enroll them in the Riverbend family shelter, Clarity says the program is full, but we have two open rooms. Can you raise the unit count so they can stay tonight?'],
    ['Sistema dice sin cupo', 'El senor esta esperando en la recepcion. Cuando intento inscribirlo en el albergue, el sistema dice que no hay cupo, pero tenemos cuatro camas libres. Necesita dormir aqui esta noche.'],
    ['Capacity on the hotel program', 'The hospital is sending us a patient at 5 today. It says the motel program is at capacity when I try to add him, and we just signed for ten more rooms last week. Please update the capacity.'],
  ])('%s', (subject, text) => {
    expect(priorityOf(subject, text)).toBe('urgent');
  });
});

describe('not urgent: the world is full, or nobody waits', () => {
  it.each([
    ['Shelter full tonight', 'Our shelter is full tonight and a man is at the door. How do I record that we turned him away?'],
    ['Bed count next month', 'Clarity says the program is at capacity. We add 10 beds on January 1; please change the bed count then.'],
    ['Capacity report', 'The bed utilization report says we were at capacity all of November, which is right. Can it show it by week?'],
  ])('%s', (subject, text) => {
    expect(priorityOf(subject, text)).not.toBe('urgent');
  });
});
