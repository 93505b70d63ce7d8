import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksSteps = asksFor('steps_followed', 'Request', { topic: 'client_record', type: 'issue' }, { rulesAlone: true });

describe('steps_followed: something the user did, not a wish, a plan or a word that only looks like a step', () => {
  it('does not take blood pressure (or la presion) as pressing a button', () => {
    expect(asksSteps('Since Tuesday his profile shows the wrong program, so the clinic will not refill his blood pressure pills.')).toBe(true);
    expect(asksSteps('Desde ayer su perfil sale cerrado y la farmacia no le da su medicina para la presion.')).toBe(true);
  });

  it('still takes pressing a button as a step, in English or Spanish', () => {
    expect(asksSteps('Since Tuesday, when I pressed Save on her profile, it shows an error.')).toBe(false);
    expect(asksSteps('Desde ayer presiono Guardar en su perfil y sale un error.')).toBe(false);
  });

  it('does not take running out of something, or a report that ran fine before, as running it', () => {
    expect(asksSteps('Since Monday his profile says Deceased; he ran out of insulin and the voucher is refused.')).toBe(true);
    expect(asksSteps('Since Monday the Outcomes look on the profile times out. It ran in seconds last week.')).toBe(true);
  });

  it('does not take a change wished for, or an entry still to make, as a step taken', () => {
    expect(asksSteps('Need the org changed on the profile of this client, it shows another agency since Monday.')).toBe(true);
    expect(asksSteps('Since Monday the profile page will not load, so we are on paper and will enter them later.')).toBe(true);
  });

  it('takes a click path that ends in a quoted name as steps', () => {
    expect(asksSteps('Since today: Profile tab > Generate Document > "Verification Letter" gives an error.')).toBe(false);
  });
});

describe('steps_followed: what was done to a thing is no step the sender took', () => {
  it('does not take a passive ("a note has been entered", "it was changed") as a step', () => {
    expect(asksSteps('Any news? The profile still shows the wrong org.\n\n> A new note has been entered on your request by the help desk.')).toBe(true);
    expect(asksSteps('Since Monday the exit date on his profile was changed to last year.')).toBe(true);
  });

  it('still takes the sender\'s own save, whatever word comes before it', () => {
    expect(asksSteps('Since Monday, after I save the Demographics screen, the race field is blank.')).toBe(false);
    expect(asksSteps('Since Monday the profile was blank after we entered the new address.')).toBe(false);
  });

  it('takes typing a name into a box as a step', () => {
    expect(asksSteps('Since Monday, when I type Le Blanc in the client search box, nothing comes back.')).toBe(false);
    expect(asksSteps('Since Monday the request type on her profile shows Other.')).toBe(true);
  });
});
