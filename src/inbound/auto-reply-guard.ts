// Decides whether deskmail may send an automatic answer (acknowledgement, status mail) to a
// message. Pure. Follows RFC 3834 section 2 and the house loop rules: never answer
// machine-generated, bulk or list mail, bounces, mail systems, or our own mail. It takes the
// message's kind as detected once by detectMailKind.
import { hasNullReturnPath, isDaemonSender } from './kind/delivery-report.ts';
import { hasForeignLoopHeader } from './kind/vendor-headers.ts';
import { hasAutoSubmitted, hasOwnLoopHeader } from './mail-kind.ts';
import type { MailKindContext, MailKindVerdict, ParsedMessage } from './types.ts';

export type AutoAnswerPermission = { ok: true } | { ok: false; reason: string };

export function mayAnswerAutomatically(msg: ParsedMessage, ctx: MailKindContext, verdict: MailKindVerdict): AutoAnswerPermission {
  if (hasAutoSubmitted(msg)) return refuse('auto-submitted header');
  const precedence = (msg.headers['precedence'] ?? []).map((v) => v.trim().toLowerCase());
  const bulk = precedence.find((v) => v === 'bulk' || v === 'junk' || v === 'list');
  if (bulk) return refuse(`precedence ${bulk}`);
  // Microsoft's X-Auto-Response-Suppress asks every responder to stay silent (values aside from None).
  if ((msg.headers['x-auto-response-suppress'] ?? []).some((v) => !/^\s*none\s*$/i.test(v))) return refuse('x-auto-response-suppress header');
  if (hasNullReturnPath(msg)) return refuse('empty return-path');
  if (isDaemonSender(msg)) return refuse('mailer-daemon or postmaster sender');
  if (hasOwnLoopHeader(msg, ctx.loopHeader)) return refuse('own loop header');
  // Other systems' loop markers (procmail, zammad, many ticket tools) mean a machine is in the path.
  if (hasForeignLoopHeader(msg)) return refuse('x-loop header');
  if (!msg.from) return refuse('no sender address');
  if (verdict.kind !== 'person') return refuse(`${verdict.kind}: ${verdict.reason}`);
  return { ok: true };
}

function refuse(reason: string): AutoAnswerPermission {
  return { ok: false, reason };
}
