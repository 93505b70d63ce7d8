import { describe, expect, it } from 'vitest';
import { splitSignature } from '../../src/intake/signature.ts';

describe('splitSignature', () => {
  it('keeps a bar-separated list of the agency\'s services in the sign-off, however long', () => {
    const text = 'How do we enter anonymous clients?\n\nBill Ostrander\nCedar Hollow County Human Services\nGeneral Assistance | Energy Assistance | Emergency Shelter | Veterans Services\n';
    const split = splitSignature(text);
    expect(split.body.trim()).toBe('How do we enter anonymous clients?');
    expect(split.signature).toContain('Emergency Shelter');
  });

  it('keeps a long sentence with one bar in the body', () => {
    const text = 'Hi,\n\nThe export shows Program | Count but the totals are off for every program we run this year.\n';
    expect(splitSignature(text).body).toContain('Program | Count');
  });
});
