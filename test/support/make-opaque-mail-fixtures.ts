// Writes the opaque-mail fixtures of test/fixtures/mail/opaque once: requests whose text is inside
// a CMS blob (opaque S/MIME) or a TNEF stream (Outlook's winmail.dat) rather than in a MIME text
// part. Run again only to remake them:
//   npx tsx test/support/make-opaque-mail-fixtures.ts
// The S/MIME blobs are made by the openssl command line with a throwaway self-signed key made for
// the run (nothing of it is kept but the certificate inside each signed blob): `openssl cms -sign
// -nodetach -stream` writes signed-data as streaming clients do (BER, indefinite lengths, the
// content in chunks), `openssl cms -sign -nodetach` as DER, and `openssl cms -encrypt` enveloped data.
// Nested blobs are openssl's S/MIME output signed again, as mail is once it has been through two
// hands: encrypted then signed by the client, or signed by the client and again by its gateway (a
// second throwaway key); one is signed four times, one layer more than the parse stage opens.
// The TNEF streams are written here, attribute by attribute, as MS-OXTNEF lays them out (what
// Outlook writes for a plain-text message with one attached file).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail/opaque');
const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/** The outer header fields of each request: the sender's, as their client writes them. */
function outer(messageId: string, subject: string, from = 'Becky Tyler <becky@agency.example.test>'): string {
  return crlf([
    `From: ${from}`,
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

    // Nested: each layer's S/MIME output (its Content-* fields and base64 blob) is the next layer's signed entity.
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'gateway-key.pem', '-out', 'gateway-cert.pem', '-days', '3650', '-subj', '/CN=Agency mail gateway/emailAddress=gateway@agency.example.test']);
    const signAgain = (entity: Buffer, signer: 'cert' | 'gateway-cert', key: 'key' | 'gateway-key'): Buffer => {
      writeFileSync(join(dir, 'entity.txt'), crlf(entity.toString('latin1')), 'latin1');
      return openssl(dir, ['cms', '-sign', '-nodetach', '-binary', '-in', 'entity.txt', '-signer', `${signer}.pem`, '-inkey', `${key}.pem`, '-outform', 'SMIME']);
    };
    writeFileSync(join(OUT, 'smime-encrypted-then-signed-request.eml'), withOuter(outer('smime-encrypted-signed-1', 'Password reset needed'), signAgain(encrypted, 'cert', 'key')));
    const clientSigned = openssl(dir, sign);
    writeFileSync(join(OUT, 'smime-signed-by-client-and-gateway-request.eml'), withOuter(outer('smime-signed-twice-1', 'Enrollment will not save'), signAgain(clientSigned, 'gateway-cert', 'gateway-key')));
    let fourTimes = clientSigned;
    for (let i = 0; i < 3; i++) fourTimes = signAgain(fourTimes, 'gateway-cert', 'gateway-key');
    writeFileSync(join(OUT, 'smime-signed-four-times-request.eml'), withOuter(outer('smime-signed-four-times-1', 'Enrollment error again'), fourTimes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// TNEF (MS-OXTNEF 2.1.3)

const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; };
const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const pad4 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
const cstr8 = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');
const cstr16 = (s: string): Buffer => Buffer.from(`${s}\0`, 'utf16le');

/** One attribute: level, id (type in the high word), length, data, checksum (the data's bytes summed, mod 65536). */
function attribute(level: number, id: number, data: Buffer): Buffer {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  return Buffer.concat([Buffer.from([level]), u32(id), u32(data.length), data, u16(sum)]);
}

type Prop = { type: number; id: number; value: Buffer; named?: boolean };

/** A MAPI property list: count, then each property's tag, its name when named, and its value. */
function properties(props: Prop[]): Buffer {
  const out: Buffer[] = [u32(props.length)];
  for (const p of props) {
    out.push(u16(p.type), u16(p.id));
    if (p.named) out.push(Buffer.from('0820060000000000c000000000000046', 'hex'), u32(0), u32(0x8554));
    const variable = [0x001e, 0x001f, 0x0102, 0x000d].includes(p.type);
    out.push(variable ? Buffer.concat([u32(1), u32(p.value.length), pad4(p.value)]) : pad4(p.value));
  }
  return Buffer.concat(out);
}

interface TnefFileSpec { title: string; longName: string; mimeTag: string; data: Buffer }

/** A TNEF stream with the body where `body` says, and the files after it. */
function tnef(body: { in: 'attBody' | 'PR_BODY unicode' | 'PR_BODY 8-bit'; text: string }, files: TnefFileSpec[]): Buffer {
  const L1 = 1;
  const L2 = 2;
  const text = body.text.replace(/\r?\n/g, '\r\n');
  const messageProps: Prop[] = [
    { type: 0x0003, id: 0x0e07, value: u32(0x11) }, // PR_MESSAGE_FLAGS
    { type: 0x0003, id: 0x8000, value: u32(1), named: true }, // a named property, as Outlook writes many
    { type: 0x000b, id: 0x0e1f, value: u16(1) }, // PR_RTF_IN_SYNC
  ];
  if (body.in === 'PR_BODY unicode') messageProps.push({ type: 0x001f, id: 0x1000, value: cstr16(text) });
  if (body.in === 'PR_BODY 8-bit') messageProps.push({ type: 0x001e, id: 0x1000, value: Buffer.from(`${text}\0`, 'latin1') });
  const parts: Buffer[] = [
    u32(0x223e9f78), u16(0x5a3c),
    attribute(L1, 0x00089006, u32(0x00010000)), // attTnefVersion
    attribute(L1, 0x00069007, Buffer.concat([u32(1252), u32(0)])), // attOemCodepage
    attribute(L1, 0x00078008, cstr8('IPM.Microsoft Mail.Note')), // attMessageClass
  ];
  if (body.in === 'attBody') parts.push(attribute(L1, 0x0002800c, Buffer.from(text, 'latin1')));
  parts.push(attribute(L1, 0x00069003, properties(messageProps)));
  for (const f of files) {
    parts.push(
      attribute(L2, 0x00069002, Buffer.concat([u16(1), u32(0xffffffff), u16(0), u16(0), u16(0), u32(0)])), // attAttachRendData
      attribute(L2, 0x00018010, cstr8(f.title)), // attAttachTitle (8.3)
      attribute(L2, 0x0006800f, f.data), // attAttachData
      attribute(L2, 0x00069005, properties([
        { type: 0x001f, id: 0x3707, value: cstr16(f.longName) }, // PR_ATTACH_LONG_FILENAME
        { type: 0x001e, id: 0x370e, value: cstr8(f.mimeTag) }, // PR_ATTACH_MIME_TAG
        { type: 0x0003, id: 0x3705, value: u32(1) }, // PR_ATTACH_METHOD: by value
      ])),
    );
  }
  return Buffer.concat(parts);
}

const base64Lines = (b: Buffer): string => b.toString('base64').replace(/.{1,76}/g, '$&\n');

const WINMAIL_PART = (stream: Buffer): string => `Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="winmail.dat"

${base64Lines(stream)}`;

const ANA = 'Ana Ortiz <ana@agency.example.test>';

const OUTLOOK_FILE: TnefFileSpec = {
  title: 'HMISEX~1.CSV', longName: 'HMIS export errors.csv', mimeTag: 'text/csv',
  data: Buffer.from(crlf('client,report,error\nEFGH246810,APR,Missing exit date\n')),
};

function makeTnef(): void {
  // The whole message in winmail.dat: no text part at all (Exchange's "rich text" to the internet).
  const onlyWinmail = tnef({ in: 'PR_BODY unicode', text: `Hello,

Our APR for the Rapid Rehousing project will not generate. Client EFGH246810 shows
"Missing exit date" on the Data Quality report, but the exit was entered on 02/28/2025.
The error list is attached.

Thank you,
Ana` }, [OUTLOOK_FILE]);
  writeFileSync(join(OUT, 'tnef-request-body-only-in-winmail.eml'), Buffer.from(crlf(`${outer('tnef-only-1', 'APR will not generate', ANA)}MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----_=_NextPart_001_01DB8D2A.3C5E7F10"

This is a multi-part message in MIME format.

------_=_NextPart_001_01DB8D2A.3C5E7F10
${WINMAIL_PART(onlyWinmail)}
------_=_NextPart_001_01DB8D2A.3C5E7F10--
`), 'latin1'));

  // A stub text part, the body in attBody in the message's code page (windows-1252).
  const stub = tnef({ in: 'attBody', text: `Hi help desk,

José Ramírez (client IJKL135790) was exited from the shelter project by mistake on 03/01/2025.
Please reopen his enrollment.

Ana` }, []);
  writeFileSync(join(OUT, 'tnef-request-stub-text.eml'), Buffer.from(crlf(`${outer('tnef-stub-1', 'Client exited by mistake', ANA)}MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="stub-outer"

--stub-outer
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit


--stub-outer
${WINMAIL_PART(stub)}
--stub-outer--
`), 'latin1'));

  // The TNEF part is the whole message (application/ms-tnef at the top), the body in 8-bit PR_BODY.
  const whole = tnef({ in: 'PR_BODY 8-bit', text: `Hello,

I cannot log in to ClientTrack since this morning: it says "Account locked". My user name is aortiz.

Ana` }, []);
  writeFileSync(join(OUT, 'tnef-request-whole-message.eml'), Buffer.from(crlf(`${outer('tnef-whole-1', 'Account locked', ANA)}MIME-Version: 1.0
${WINMAIL_PART(whole)}`), 'latin1'));
}

makeSmime();
makeTnef();
