// A small DNS world for the sender check: a generated DKIM key for `signed.example.test` (with
// DMARC p=reject), a domain that publishes no DMARC record, and a resolver that answers only from
// these records (no outside DNS), also behind one the test can change (changingResolver).
// `signedMail` signs a message with the key; `relayedMail` writes one as our receiving server hands it on.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { dkimSign, type DNSResolver } from 'mailauth';

export const SIGNED_DOMAIN = 'signed.example.test';
export const NO_DMARC_DOMAIN = 'plain.example.test';
const SELECTOR = 'desk1';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

const RECORDS: Record<string, string[][]> = {
  [`${SELECTOR}._domainkey.${SIGNED_DOMAIN}`]: [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]],
  [SIGNED_DOMAIN]: [['v=spf1 -all']],
  [`_dmarc.${SIGNED_DOMAIN}`]: [['v=DMARC1; p=reject; adkim=r; aspf=r']],
};

export const testResolver: DNSResolver = async (name, type) => {
  const key = name.toLowerCase().replace(/\.$/, '');
  if (type === 'TXT' && RECORDS[key]) return RECORDS[key]!;
  throw Object.assign(new Error(`no ${type} record for ${key}`), { code: 'ENOTFOUND' });
};

/** Where the signing domain's DKIM key stands in a DNS world that changes (changingResolver). */
export type KeyState = 'published' | 'withdrawn' | 'unreachable';

/**
 * The same records behind a resolver the test changes as DNS changes after mail arrived: the DKIM
 * key `withdrawn` (the domain rotated to another selector and took the old record down: NXDOMAIN),
 * or `unreachable` (its name servers fail for now: SERVFAIL), then `published` again; likewise the
 * domain's DMARC record (`setDmarc`), which can only be `unreachable` or `published`.
 */
export function changingResolver(): { resolver: DNSResolver; setKey(state: KeyState): void; setDmarc(state: 'published' | 'unreachable'): void } {
  let state: KeyState = 'published';
  let dmarc: 'published' | 'unreachable' = 'published';
  const keyName = `${SELECTOR}._domainkey.${SIGNED_DOMAIN}`;
  const dmarcName = `_dmarc.${SIGNED_DOMAIN}`;
  const resolver: DNSResolver = async (name, type) => {
    const asked = name.toLowerCase().replace(/\.$/, '');
    if (state !== 'published' && asked === keyName) {
      throw Object.assign(new Error(`${type} ${keyName}: ${state}`), { code: state === 'withdrawn' ? 'ENOTFOUND' : 'ESERVFAIL' });
    }
    if (dmarc === 'unreachable' && asked === dmarcName) throw Object.assign(new Error(`${type} ${dmarcName}: unreachable`), { code: 'ESERVFAIL' });
    return testResolver(name, type);
  };
  return { resolver, setKey: (next) => { state = next; }, setDmarc: (next) => { dmarc = next; } };
}

/**
 * A plain-text message as our receiving server hands it on: its Received header names the client,
 * whose address no SPF record of these domains allows, so only a DKIM signature can pass it.
 */
export function relayedMail(m: { from: string; to: string; cc?: string; subject: string; text: string }): Buffer {
  return Buffer.from([
    'Received: from mail.sender.example.test (mail.sender.example.test [192.0.2.10]) by mx.desk.example.test with ESMTP; Mon, 7 Dec 2026 09:00:00 +0000',
    `From: ${m.from}`, `To: ${m.to}`, ...(m.cc ? [`Cc: ${m.cc}`] : []), `Subject: ${m.subject}`,
    `Message-ID: <${randomBytes(6).toString('hex')}@${SIGNED_DOMAIN}>`, `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', m.text, '',
  ].join('\r\n'));
}

/** The message with a DKIM-Signature of `signed.example.test` on top. */
export async function signedMail(raw: Buffer): Promise<Buffer> {
  const { signatures, errors } = await dkimSign(raw, {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain: SIGNED_DOMAIN, selector: SELECTOR, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }],
  } as never);
  if (errors.length) throw errors[0];
  return Buffer.concat([Buffer.from(signatures), raw]);
}
