// Who is waiting, and whether the block is now: a ticket "waiting for your response" is no client at the desk, a
// client told by what their record says ("I've got a gentleman whose ...") no one with the sender, a need word
// before "status" or "type" a field, the sender's own role ("I'm ... (family shelter advocate)") or the shelter
// they run no need, "sheltered" the category of a count, and a block in the past tense in a sentence told as past
// ("Last month ... I lost everything") over. A resolution is undone by a contrast anywhere later in its sentence
// ("it worked for her brother last month"), and the Spanish for mom, baby and counter is read like the English.
// Judged with the model's urgent probability held low, so the rules carry the judgement.
import { describe, expect, it } from 'vitest';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string, topic = 'client_record', type = 'issue'): boolean =>
  judgeUrgency(text, { topic, type }, rules.vocabulary!, 0.05).urgent;

describe('urgent: a block still told now, and the Spanish mother at the counter', () => {
  it.each([
    ['worked for someone else before', 'RE: bus pass letter\n\nThe bus pass letter for Mr. Adeyemi prints empty, so the transit office cannot give him his pass today and he cannot get to dialysis. It worked for his brother last month. The transit office closes at 4.', 'reports'],
    ['mama at the counter', 'Urgente\n\nTengo una mama en el mostrador con su bebe. No puedo darle la cama porque el sistema da error al guardar el hogar.', 'client_record'],
    ['past sentence beside a block now', 'Ms. Lund was enrolled at Harbor House last week, and the bed screen won\'t give her a room tonight until her enrollment shows.', 'client_record'],
  ])('%s', (_name, text, topic) => {
    expect(judged(text, topic)).toBe(true);
  });
});

describe('not urgent: a ticket waiting, a record, the sender\'s own job, a past block', () => {
  it.each([
    ['ticket waiting for a response', 'RE: Ticket 5512 - waiting for your response\n\nHe still has two open shelter stays on his Programs tab and I can\'t exit the older one. It says I lack permission.'],
    ['client told by a record', 'Hi\n\nI\'ve got a lady, client QRST204411, whose disability status keeps reverting to No on her profile. Her entry assessment says Yes.'],
    ['need word before type', 'Hi\n\nThe housing type on his enrollment flips back to blank when I save. I need it fixed today.'],
    ['sender\'s own role', 'Hello\n\nI\'m new at Lantern House (family shelter advocate). This morning when I log in it says no license and sends me back.'],
    ['shelter the sender runs', 'Hi\n\nI run a shelter with two staff. Please shut off Dana\'s account today, she left on Friday.', 'login_password_account', 'question'],
    ['sheltered count', 'Hi\n\nMACCH needs the sheltered totals finalized by Friday. The preview shows zero persons for our program but all guests have open enrollments.', 'hud_report_submission', 'question'],
    ['past-tense block told as past', 'Hi\n\nLast month the system logged me out during an intake and I lost everything for that family. Please deactivate Jo\'s login today, she quit on Friday.', 'login_password_account', 'question'],
  ])('%s', (_name, text, topic = 'client_record', type = 'issue') => {
    expect(judged(text, topic, type)).toBe(false);
  });
});
