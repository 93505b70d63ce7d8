// Uuencoded parts: mailparser leaves Content-Transfer-Encoding: x-uuencode encoded.
import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { AttachmentInfo } from '../types.ts';

/** mailparser leaves Content-Transfer-Encoding: x-uuencode parts encoded; decode them here. */
export function uudecoded(part: ParsedMail['attachments'][number], info: AttachmentInfo): AttachmentInfo {
  const cte = String(part.headers?.get('content-transfer-encoding') ?? '').toLowerCase();
  if (!/^(x-)?uu(encode|e)?$/.test(cte.trim()) || !info.content) return info;
  const decoded = uudecode(info.content.toString('latin1'));
  if (!decoded) return info;
  return { ...info, content: decoded, size: decoded.length, checksum: createHash('sha256').update(decoded).digest('hex') };
}

/** Classic uuencode: optional "begin <mode> <name>", lines led by a length character, "`" or "end". */
function uudecode(text: string): Buffer | null {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => /^begin\s+\d+\s/.test(l));
  const body = lines.slice(begin + 1).filter((l) => l !== '');
  if (body.length === 0 || !body.every((l) => l.trim() === 'end' || /^[\x20-\x60]+$/.test(l))) return null;
  const out: number[] = [];
  for (const line of body) {
    if (line.trim() === 'end') break;
    const length = (line.charCodeAt(0) - 32) & 0x3f;
    if (length === 0) continue;
    const bytes: number[] = [];
    for (let i = 1; bytes.length < length && i < line.length; i += 4) {
      const c = [0, 1, 2, 3].map((k) => ((line.charCodeAt(i + k) || 32) - 32) & 0x3f);
      bytes.push(((c[0]! << 2) | (c[1]! >> 4)) & 0xff, ((c[1]! << 4) | (c[2]! >> 2)) & 0xff, ((c[2]! << 6) | c[3]!) & 0xff);
    }
    out.push(...bytes.slice(0, length));
  }
  return Buffer.from(out);
}
