import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksAccount = asksFor('user_account', 'Account', { topic: 'login_password_account', type: 'question' });
const asksTrainee = asksFor('trainee_name', 'Training', { topic: 'security_training', type: 'question' });
const signedOff = '\n\n-- Paula Brennan Executive Director Lakeside Housing Partners';

describe('whose account or training: a person named in the request, not the sender signing off', () => {
  it('asks whose account when the only name is the sender\'s own under "-- "', () => {
    expect(asksAccount(`One of our case managers left on Friday. Please turn off her Clarity access today.${signedOff}`)).toBe(true);
  });

  it('takes a name from the quoted mail below the sender\'s sign-off', () => {
    const text = 'Please lock it now, I will tell you when he is back.\n\n-- Tom Reyes Program Manager -----Original Message----- From: Help Desk Subject: Lock\nWe can lock Marcus Webb\'s account while he is away.';
    expect(asksAccount(text)).toBe(false);
  });

  it('asks whose account for "mi compañera", a single coworker in Spanish', () => {
    expect(asksAccount('Mi compañera de trabajo olvidó su contraseña y no puede entrar. ¿La pueden ayudar?')).toBe(true);
  });

  it('asks who is to be trained when the only name is the sender\'s own under "-- "', () => {
    expect(asksTrainee(`Two of our new aides need the security training before the end of the month.${signedOff}`)).toBe(true);
  });
});
