// Whether a note on a fix awaiting verification says the fix does not work, without #notfixed:
// plain words of failure do, words that it works (or that the old problem is gone) do not, and the
// latest word on it decides.
import { describe, expect, it } from 'vitest';
import { FIX_ANSWER_READ_CHARS, readFixAnswer, saysFixFailed } from '../../src/tickets/fix-answer.ts';

describe('a note that says the fix does not work', () => {
  it.each([
    'Still failing for me, same error',
    'still failing',
    "It's still not working.",
    'It’s still not working', // typographic apostrophe
    'Same error as before.',
    'No, still can\'t log in.',
    'no still cant log in',
    'Still cannot save the exit date.',
    "Didn't help.",
    'That did not help at all.',
    "Sorry, it doesn't work.",
    'doesnt work',
    'It does not seem to work.',
    "It doesn't seem to have fixed anything.",
    'Not fixed.',
    'This is not fixed yet',
    'The issue has not been resolved.',
    'I am still getting the error when I click Save.',
    'Still seeing the blank page.',
    'We still have the same problem with the exit date.',
    'I still have this issue',
    'No luck.',
    'Tried again this morning, no luck',
    'Cleared my cache, still no change. Same thing.',
    'It keeps crashing when I open the report.',
    'It failed again at 9:15.',
    'The error is back.',
    'Problem persists.',
    'Nothing has changed.',
    "I don't think it's fixed.",
    'It worked yesterday but not today.',
    'It no longer works at all now',
    'Same as before, the date is blank.',
    "Thanks for looking. Unfortunately it's still broken.",
    'Hi Summer,\n\nStill failing for AAAA111111.\n\nThanks,\nAlice',
    'Good morning,\nI tried it again and it is still happening.\nAlice',
    'The list works now, but the report is still failing.',
    'It worked for a day but now it is failing again.',
    'Why am I still getting the same error?',
    'Sigue sin funcionar.',
    'Todavía no funciona, el mismo error.',
    'No funciona.',
    'It is still not working, if that helps.',
    "I tried it again and it's still happening, same error as last week",
  ])('%j', (text) => {
    expect(saysFixFailed(text)).toBe(true);
  });
});

describe('a note that does not say the fix failed', () => {
  it.each([
    'It works now, thanks!',
    'works now thanks',
    'Still works great, thank you.',
    'No longer failing.',
    'Not a problem anymore.',
    'No issues since.',
    "I can't thank you enough!",
    'Thanks, it is fixed!',
    'That did the trick.',
    "I haven't had the same problem since.",
    "I'm not seeing the same error anymore.",
    'I no longer see the same error.',
    "It didn't work yesterday, but it works now.",
    'Still failing for me. Oh wait, it works now after clearing the cache.',
    "I'll let you know if it's still failing tomorrow.",
    'If it does not work I will write again.',
    "I haven't had a chance to test it yet.",
    'I will test it on Monday.',
    'Can you tell me what was changed?',
    'Hi Summer,\n\nThank you!\n\nAlice',
    '',
    'Looks good to me.',
    'The save button works fine now.',
    'I can now save the exit date.',
    'Ya funciona, gracias.',
    // A quoted line is the status mail's words, not hers.
    'Great, thank you.\n\n> Please reply if it is still failing.\n> It did not work before.',
    '> Still failing for me, same error',
    "I still can't believe how fast that was.",
    'I still need to test it on the other computer.',
    'Still waiting on my supervisor to try it.',
    // "still" about something else than the problem.
    'Thanks! Will I still get the weekly report?',
    'Great. Should I still see the old menu item?',
    'I still get the emails for this ticket, can you stop them?',
    "Thanks, I'm still getting used to it.",
    // "change" that is not the lack of one.
    'Thanks, it worked without any change on my side.',
    "Perfect. I'll let you know of any change.",
    'Thank you, no change needed on our end.',
    // A failure before, and that it works now.
    "It didn't work yesterday, but it works today.",
    'It was still failing yesterday but today it works.',
    'It works fine now. I still get a warning popup but I can save.',
    // Nobody has the symptom.
    'Since the fix, no one has had the same problem.',
    'No one reported the same issue again.',
    'None of us get the same message now.',
    'Gracias! Ya no sale el mismo error.',
    'That fixed it. The same problem was on Bob\'s account too, also fine now.',
    'Thanks, that works',
    'No worries, it works',
    "I haven't seen the error since",
    'No more errors',
    'Still works',
    'I no longer get the error',
    'Ya funciona',
  ])('%j', (text) => {
    expect(saysFixFailed(text)).toBe(false);
  });
});

describe('what a note says either way', () => {
  it.each([
    ['Still failing, same error.', 'failed'],
    ['It works now, thanks!', 'works'],
    ['Thanks, that works', 'works'],
    ['Me too.', 'neither'],
    ['Same for me.', 'neither'],
    ['+1, happening to me as well', 'neither'],
    ["Same here, can't open it either", 'neither'],
    ['I will test it on Monday.', 'neither'],
    ['', 'neither'],
    // The writer still at it (trying the fix, looking into it): neither way, nor what they check for.
    ["I'm still working on it.", 'neither'],
    ['Still working on it, will let you know.', 'neither'],
    ['We are still working through the client list.', 'neither'],
    ['I am still looking into it.', 'neither'],
    ['Still testing.', 'neither'],
    ['Still checking with my team.', 'neither'],
    ["I'm still checking that it works for every client.", 'neither'],
    ['Still testing to make sure that it works.', 'neither'],
    // ... and the clause that says either way still decides.
    ["Still failing for me. I'm still working on it.", 'failed'],
    ['Still failing, still looking into it on our side.', 'failed'],
    ["Still failing. I'm still checking that it works on the other computer.", 'failed'],
    ["It works now, I'm still checking the other clients.", 'works'],
    ["It works now and I'm still testing the report.", 'works'],
    ["I'm still testing it, but it works so far.", 'works'],
    ['Still testing, same error so far.', 'failed'],
    // The fix still working is the fix working.
    ["It's still working, thanks.", 'works'],
    ['Still working fine.', 'works'],
    ['Still works great, thank you.', 'works'],
  ])('%j: %s', (text, reading) => {
    expect(readFixAnswer(text)).toBe(reading);
  });
});

describe('how much of a note is read', () => {
  it('reads its top, in bounded time, however long it is', () => {
    const long = `${'Here is some background on what we do. '.repeat(200)}Still failing.`;
    expect(long.length).toBeGreaterThan(FIX_ANSWER_READ_CHARS);
    expect(saysFixFailed(long)).toBe(false);
    expect(saysFixFailed(`Still failing. ${long}`)).toBe(true);
    const started = performance.now();
    saysFixFailed(`still ${'not '.repeat(50_000)}`);
    saysFixFailed(`${'same '.repeat(50_000)}x`);
    saysFixFailed('not same error '.repeat(50_000));
    saysFixFailed(`${'still '.repeat(50_000)}failing`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
