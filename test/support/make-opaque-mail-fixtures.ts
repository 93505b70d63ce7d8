// Writes the opaque-mail fixtures of test/fixtures/mail/opaque once: requests whose text is inside
// a CMS blob (opaque S/MIME) rather than in a MIME part. Run again only to remake them:
//   npx tsx test/support/make-opaque-mail-fixtures.ts
// The S/MIME blobs are made by the openssl command line with a throwaway self-signed key made for
// the run (nothing of it is kept but the certificate inside each signed blob): `openssl cms -sign
// -nodetach -stream` writes signed-data as streaming clients do (BER, indefinite lengths, the
// content in chunks), `openssl cms -sign -nodetach` as DER, and `openssl cms -encrypt` enveloped data.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail/opaque');
const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/** The outer header fields of each request: the sender's, as their client writes them. */
function outer(messageId: string, subject: string): string {
  return crlf([
    'From: Becky Tyler <becky@agency.example.test>',
    'To: helpdesk@example.test',
    `Subject: ${subject}`,
    'Date: Wed, 05 Mar 2025 10:12:00 -0700',
    `Message-ID: <${messageId}@agency.example.test>`,
    '',
  ].join('\n'));
}

/** The signed entity: the request's text and a small file, as Outlook signs them. */
const SIGNED_ENTITY = crlf(`Content-Type: multipart/mixed; boundary="inner-1"

--inner-1
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit

Hello help desk,

Client ABCD123456 cannot be enrolled in the Rapid Rehousing project. When I go to
Client Dashboard > Enrollments > Add and press Save, ClientTrack shows "Error 500:
enrollment could not be saved". This started this morning.

Thanks,
Becky
--inner-1
Content-Type: text/csv; name="enrollment-attempts.csv"
Content-Disposition: attachment; filename="enrollment-attempts.csv"
Content-Transfer-Encoding: 7bit

client,time,result
ABCD123456,09:41,Error 500
--inner-1--
`);

/** The encrypted entity: never readable here, whatever it says. */
const ENCRYPTED_ENTITY = crlf(`Content-Type: text/plain; charset="us-ascii"

Client ABCD123456 cannot log in.
`);

function openssl(dir: string, args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** openssl's S/MIME output under our outer header fields (it writes MIME-Version and the Content-* fields). */
function withOuter(header: string, smime: Buffer): Buffer {
  return Buffer.concat([Buffer.from(header, 'latin1'), Buffer.from(crlf(smime.toString('latin1')), 'latin1')]);
}

function makeSmime(): void {
  const dir = mkdtempSync(join(tmpdir(), 'smime-fixtures-'));
  try {
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '3650', '-subj', '/CN=Becky Tyler/emailAddress=becky@agency.example.test']);
    writeFileSync(join(dir, 'signed.txt'), SIGNED_ENTITY);
    writeFileSync(join(dir, 'encrypted.txt'), ENCRYPTED_ENTITY);
    const sign = ['cms', '-sign', '-nodetach', '-binary', '-in', 'signed.txt', '-signer', 'cert.pem', '-inkey', 'key.pem', '-outform', 'SMIME'];
    writeFileSync(join(OUT, 'smime-signed-request-streamed.eml'), withOuter(outer('smime-signed-ber-1', 'Cannot enroll client in Rapid Rehousing'), openssl(dir, [...sign, '-stream'])));
    writeFileSync(join(OUT, 'smime-signed-request-der.eml'), withOuter(outer('smime-signed-der-1', 'Cannot enroll client in Rapid Rehousing'), openssl(dir, sign)));
    const encrypted = openssl(dir, ['cms', '-encrypt', '-aes256', '-binary', '-in', 'encrypted.txt', '-outform', 'SMIME', 'cert.pem']);
    writeFileSync(join(OUT, 'smime-encrypted-request.eml'), withOuter(outer('smime-encrypted-1', 'Cannot log in'), encrypted));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

makeSmime();
