// Whether a reply to a closed ticket only thanks or says the fix works, and so leaves the ticket
// closed (tickets/decide.ts): thanks, "it works now", "ok", "will contact MACCH", with a greeting
// and a name around them, are; a question, a "but", a problem, a request or anything else is not.
import { describe, expect, it } from 'vitest';
import { isThanksOnly, THANKS_ONLY_MAX_CHARS } from '../../src/tickets/thanks-only.ts';

describe('a reply that only thanks or says it works', () => {
  it.each([
    'Thank you so much!',
    'Thanks!',
    'thx',
    'Thank you!\n\nAlice',
    'Thanks,\nAlice',
    'Thanks so much -K',
    'Hi Summer,\n\nThank you so much!\n\nAlice',
    'Good morning, thank you!',
    'Thank you so much for your help.\n\nBest regards,\nMaria Lopez\nCase Manager',
    'Thank you for fixing this so quickly!',
    'Thanks for your help and patience',
    'Thank you for the quick turnaround',
    'Thanks Summer!',
    'Thank you 😊',
    'Much appreciated!',
    'Thanks again! Have a great day.',
    // A routed ticket's requester, who takes it to the organisation it belongs with.
    'Thanks, will contact MACCH.',
    "I'll reach out to them directly. Thanks!",
    'OK, thanks',
    'Got it, thanks!',
    'Sounds good, thank you',
    "That's great, thank you!",
    'Great, thank you.',
    'Perfect thank you',
    'Awesome, thanks a lot!',
    // Words that it works (fix-answer.ts), with or without the thanks.
    'Works now, thank you!',
    'It works now, thanks!',
    'Everything is working now. Thank you!',
    'That did the trick, thanks',
    'Thanks, that works',
    'I can now save the exit date. Thank you!',
    'Muchas gracias',
    'Ya funciona, gracias.',
    // The quoted status mail is not hers.
    'Thank you!\n> Please reply if it is still failing.',
  ])('%j', (text) => {
    expect(isThanksOnly(text)).toBe(true);
  });
});

describe('a reply that says more than thanks', () => {
  it.each([
    '',
    'The Org went back to Salt Lake overnight.',
    // A question, with or without its mark.
    'Thank you! Can you also add Bob to the caseload?',
    'Thanks. One more question: how do I run the report',
    'Does it work now',
    'Thanks, will I still get the weekly report?',
    // A turn, a problem, or more asked for.
    'Thanks, but it broke again.',
    "Thanks, it didn't work though",
    'It works now, but the report is blank.',
    'It works now and the report is blank',
    'Works for AAAA111111 but not BBBB222222, thanks',
    'Still failing, thanks',
    'Thanks - same problem here',
    'Thanks!\nStill Broken',
    'Thanks, New Error On Save',
    'Thanks for the fix. The export still shows no data.',
    'Thanks. I have another problem with client AAAA111111.',
    'Thanks, the dates are wrong for BBBB222222',
    'Thanks for the fix, I need the same for BBBB222222',
    'Thanks! Also need Bob added.',
    'Thanks in advance',
    'Thank you, please close it',
    'Thanks Summer, please see attached.',
    'Thank you, I will test it Monday',
    // Contacting the help desk again is more to come, not thanks.
    'Thanks, I will email you the screenshot',
    'Thanks, I will contact you if it happens again',
    // A greeting or a name alone thanks nobody; a word that is no name is not signed.
    'Hi Summer',
    'Alice',
    'yes',
    'Thanks!!\n\nUrgent',
    'Thanks for nothing',
  ])('%j', (text) => {
    expect(isThanksOnly(text)).toBe(false);
  });

  it('reads a long note as saying more, whatever its words', () => {
    const long = `Thank you so much${' again'.repeat(THANKS_ONLY_MAX_CHARS / 6)}!`;
    expect(isThanksOnly(long)).toBe(false);
  });
});
