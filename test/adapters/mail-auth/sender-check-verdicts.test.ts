// The sender check on real signed mail: a message signed with a generated DKIM key passes against
// the DNS records the test gives the resolver; a forged From of that DMARC domain fails; a domain
// without DMARC is 'none'; with AUTH_RESULTS_SERVER only our server's topmost header counts. A
// failure that a DNS lookup failing for now caused is provisional (never kept with the message,
// checked again before the message is decided with it), DMARC's own lookup included; a temporary
// error our server wrote in its header is decided at once as not checked, since it never changes.
import { describe, expect, it } from 'vitest';
import { senderVerifier } from '../../../src/adapters/mail-auth/verify-sender.ts';
import { isFailingForNow, keptVerdictOf, senderCheckOutcome } from '../../../src/inbound/sender-auth.ts';
import { changingResolver, NO_DMARC_DOMAIN, SIGNED_DOMAIN, signedMail, testResolver } from '../../support/dkim.ts';

const mail = (from: string, extra: string[] = [], body = 'Please reset my password.') => Buffer.from([
  ...extra,
  'Received: from mail.sender.example.test (mail.sender.example.test [192.0.2.10]) by mx.desk.example.test with ESMTP; Wed, 20 May 2026 11:00:00 +0000',
  `From: Someone <${from}>`, 'To: helpdesk@example.test', 'Subject: Your account is locked - verify at http://phish.example.test',
  `Message-ID: <${Math.random().toString(36).slice(2)}@sender.example.test>`, 'Date: Wed, 20 May 2026 11:00:00 +0000',
  'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
].join('\r\n'));

const check = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: testResolver });

describe('checking the sender with DKIM, SPF and DMARC', () => {
  it('passes mail signed by the From domain\'s DKIM key', async () => {
    const auth = await check(await signedMail(mail(`alice@${SIGNED_DOMAIN}`)));
    expect(auth.verified).toBe('pass');
    expect(auth.reason).toContain(`dmarc=pass`);
  });

  it('fails a forged From of a domain with DMARC p=reject (no signature)', async () => {
    const auth = await check(mail(`ceo@${SIGNED_DOMAIN}`));
    expect(auth).toMatchObject({ verified: 'fail' });
    expect(auth.reason).toContain('p=reject');
  });

  it('fails signed mail whose body was changed on the way', async () => {
    const signed = (await signedMail(mail(`alice@${SIGNED_DOMAIN}`))).toString().replace('Please reset my password.', 'Please wire 5000 USD.');
    expect((await check(Buffer.from(signed))).verified).toBe('fail');
  });

  it('fails a From of the DMARC domain signed by another domain\'s key (unaligned)', async () => {
    const signed = await signedMail(mail(`alice@${SIGNED_DOMAIN}`));
    const swapped = Buffer.from(signed.toString().replace(`From: Someone <alice@${SIGNED_DOMAIN}>`, `From: Someone <boss@${SIGNED_DOMAIN}.evil.example.test>`));
    expect((await check(swapped)).verified).not.toBe('pass');
  });

  it('gives \'none\' for a domain that publishes no DMARC record, so its ordinary mail still works', async () => {
    expect((await check(mail(`bob@${NO_DMARC_DOMAIN}`))).verified).toBe('none');
  });

  it('checks nothing when turned off, and says so as a verdict not to keep', async () => {
    const off = senderVerifier({ mode: 'off', authResultsServer: null, resolver: testResolver });
    expect(await off(mail(`ceo@${SIGNED_DOMAIN}`))).toMatchObject({ verified: 'none', provisional: true });
  });
});

describe('a check whose DNS lookups fail for now', () => {
  const dns = changingResolver();
  const run = senderVerifier({ mode: 'verify', authResultsServer: null, resolver: dns.resolver });

  it('fails signed mail whose DKIM key cannot be looked up for now, provisionally and saying why', async () => {
    const signed = await signedMail(mail(`alice@${SIGNED_DOMAIN}`));
    dns.setKey('unreachable');
    const auth = await run(signed);
    expect(auth).toMatchObject({ verified: 'fail', provisional: true });
    expect(auth.reason).toContain('dkim=temperror');
    // The key back: the same mail passes.
    dns.setKey('published');
    expect(await run(signed)).toEqual({ verified: 'pass', reason: expect.stringContaining('dmarc=pass'), domain: SIGNED_DOMAIN });
  });

  it('fails mail whose DMARC record cannot be looked up for now, provisionally and saying why', async () => {
    const signed = await signedMail(mail(`alice@${SIGNED_DOMAIN}`));
    dns.setDmarc('unreachable');
    const auth = await run(signed).finally(() => dns.setDmarc('published'));
    expect(auth).toEqual({ verified: 'fail', reason: expect.stringContaining(`dmarc=temperror`), provisional: true });
  });

  it('fails signed mail whose DKIM key was taken down for good, not provisionally', async () => {
    const signed = await signedMail(mail(`alice@${SIGNED_DOMAIN}`));
    dns.setKey('withdrawn');
    const auth = await run(signed);
    dns.setKey('published');
    expect(auth.verified).toBe('fail');
    expect(auth.provisional).toBeUndefined();
  });

  it('fails an unsigned forged From for good even while the key cannot be looked up (no signature asks for it)', async () => {
    dns.setKey('unreachable');
    const auth = await run(mail(`ceo@${SIGNED_DOMAIN}`));
    dns.setKey('published');
    expect(auth).toEqual({ verified: 'fail', reason: expect.stringContaining('p=reject') });
  });
});

describe('trusting the receiving server\'s Authentication-Results header', () => {
  const run = senderVerifier({ mode: 'verify', authResultsServer: 'mx.desk.example.test' });

  it('reads the topmost header of our server and ignores a lower one the sender wrote', async () => {
    const raw = mail(`ceo@${SIGNED_DOMAIN}`, [
      `Authentication-Results: mx.desk.example.test; dkim=none; spf=fail smtp.mailfrom=${SIGNED_DOMAIN}; dmarc=fail (p=REJECT) header.from=${SIGNED_DOMAIN}`,
      `Authentication-Results: mx.desk.example.test; dkim=pass; dmarc=pass header.from=${SIGNED_DOMAIN}`,
    ]);
    expect(await run(raw)).toMatchObject({ verified: 'fail' });
  });

  it('ignores headers from other servers', async () => {
    const raw = mail(`ceo@${SIGNED_DOMAIN}`, [`Authentication-Results: mx.attacker.example.test; dmarc=pass header.from=${SIGNED_DOMAIN}`]);
    expect(await run(raw)).toMatchObject({ verified: 'none' });
  });

  it('is not led by a quoted sender address that looks like a comment or a DMARC result', async () => {
    // A local part of the sender's choosing, quoted as RFC 5322 allows, copied by the server into smtp.mailfrom.
    const tricked = `Authentication-Results: mx.desk.example.test; spf=pass (mx.desk.example.test: domain of "x) dmarc=pass ("@evil.example.test designates 192.0.2.1) smtp.mailfrom="x) dmarc=pass ("@evil.example.test; dmarc=fail (p=reject) header.from=${SIGNED_DOMAIN}`;
    expect(await run(mail(`ceo@${SIGNED_DOMAIN}`, [tricked]))).toMatchObject({ verified: 'fail' });
    const hidden = `Authentication-Results: mx.desk.example.test; spf=pass smtp.mailfrom="a(b"@evil.example.test; dmarc=fail (p=reject) header.from=${SIGNED_DOMAIN}`;
    expect(await run(mail(`ceo@${SIGNED_DOMAIN}`, [hidden]))).toMatchObject({ verified: 'fail' });
    // A lone quote, or a comment closed early by a local part that adds a statement of its own: no proof either.
    const lone = `Authentication-Results: mx.desk.example.test; spf=pass smtp.mailfrom=a"b@evil.example.test; dmarc=fail (p=reject) header.from=${SIGNED_DOMAIN}`;
    expect(await run(mail(`ceo@${SIGNED_DOMAIN}`, [lone]))).toMatchObject({ verified: 'fail' });
    const added = `Authentication-Results: mx.desk.example.test; spf=pass (mx.desk.example.test: domain of "x); dmarc=pass header.from=${SIGNED_DOMAIN}; ("@evil.example.test designates 192.0.2.1) smtp.mailfrom=evil.example.test; dmarc=fail (p=reject) header.from=${SIGNED_DOMAIN}`;
    expect(await run(mail(`ceo@${SIGNED_DOMAIN}`, [added]))).toMatchObject({ verified: 'fail' });
  });

  it('decides a temporary error our server reported at once as not checked, for good: the header reads the same every time', async () => {
    const raw = mail(`alice@${SIGNED_DOMAIN}`, [`Authentication-Results: mx.desk.example.test; dkim=temperror header.d=${SIGNED_DOMAIN}; dmarc=temperror header.from=${SIGNED_DOMAIN}`]);
    const auth = await run(raw);
    expect(auth).toEqual({ verified: 'none', reason: `could not be checked (dmarc=temperror (Authentication-Results of mx.desk.example.test) for ${SIGNED_DOMAIN})` });
    expect(isFailingForNow(auth)).toBe(false);
    expect(senderCheckOutcome(auth, 0, 6)).toEqual({ kind: 'decide', auth, retriesSpent: false });
    expect(keptVerdictOf(auth)).toEqual(auth);
  });

  it('passes what our server passed', async () => {
    const raw = mail(`alice@${SIGNED_DOMAIN}`, [
      `Authentication-Results: mx.desk.example.test;\r\n\tdkim=pass header.d=${SIGNED_DOMAIN};\r\n\tdmarc=pass (policy=reject) header.from=${SIGNED_DOMAIN}`,
    ]);
    expect(await run(raw)).toMatchObject({ verified: 'pass' });
  });
});
