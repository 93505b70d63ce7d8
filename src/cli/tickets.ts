// `deskmail tickets list|show`: the tickets, as "My Submitted Issues" shows them, and one ticket whole.
import { loadTicketView, type TicketView } from '../adapters/db/ticket-view.ts';
import { TicketStore } from '../adapters/db/ticket-store.ts';
import { STATUS_LABELS } from '../outbound/templates.ts';
import { TICKET_STATUSES, type TicketStatus } from '../tickets/types.ts';
import { withoutPersonalLinks } from '../tickets/personal-links.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

const label = (s: string) => STATUS_LABELS[s as TicketStatus] ?? s;

export async function ticketsCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, ref] = args;
  if (sub === 'list') {
    if (values.status && !TICKET_STATUSES.includes(values.status as TicketStatus)) {
      process.stderr.write(`deskmail tickets list: --status must be one of ${TICKET_STATUSES.join(', ')}\n`);
      return 2;
    }
    return withDatabase(async ({ db }, config) => {
      const rows = await new TicketStore(db, config.TICKET_PREFIX).list({ status: values.status, submitter: values.submitter });
      const data = rows.map((t) => ({
        ref: t.ref, createdAt: t.createdAt.toISOString(), type: t.type, priority: t.priority, summary: withoutPersonalLinks(t.summary, config.HELPDESK_ADDRESS), status: t.status,
        resolution: t.resolution, submitter: t.submitterEmail, assignee: t.assigneeEmail, route: t.route, topic: t.topic,
      }));
      print(values.json, data, () => data.length === 0 ? 'no tickets' : data.map((t) =>
        `${t.ref.padEnd(14)} ${t.createdAt.slice(0, 10)}  ${t.type.padEnd(10)} ${label(t.status).padEnd(24)} ${(t.assignee ?? 'Not Assigned').padEnd(24)} ${t.summary}`).join('\n'));
      return 0;
    });
  }
  if (sub === 'show' && ref) {
    return withDatabase(async ({ db }, config) => {
      const view = await loadTicketView(db, config.TICKET_PREFIX, ref, { full: values.full });
      if (!view) {
        process.stderr.write(`deskmail tickets show: no ticket ${ref}\n`);
        return 1;
      }
      // Without the personal links of a status mail a request or reply quotes: they act as their recipient.
      const shown = withoutPersonalLinksIn(view, config.HELPDESK_ADDRESS);
      print(values.json, shown, () => describeTicket(shown, values.full ?? false));
      return 0;
    });
  }
  process.stderr.write('usage: deskmail tickets list [--status S] [--json] | tickets show REF [--json] [--full]\n');
  return 2;
}

export function describeTicket(t: TicketView, full: boolean): string {
  const lines = [
    `${t.ref}: ${t.summary}`,
    `  status      ${label(t.status)}${t.resolution ? ` (${t.resolution})` : ''}`,
    `  type        ${t.type}, priority ${t.priority}`,
    `  submitter   ${t.submitter}`,
    `  assigned to ${t.assignee ?? 'Not Assigned'}`,
  ];
  if (t.route) lines.push(`  route       ${t.route} / ${t.topic ?? '-'}`);
  if (t.clientIds.length) lines.push(`  client IDs  ${t.clientIds.join(', ')}`);
  if (t.missingInfo.length) lines.push(`  missing     ${t.missingInfo.join(', ')}`);
  if (t.previousTicket) lines.push(`  follows     ${t.previousTicket}`);
  if (t.externalRefs.length) lines.push(`  elsewhere   ${t.externalRefs.join(', ')}`);
  lines.push(`  people      ${t.participants.map((p) => `${p.email} (${p.role}${p.notify ? '' : ', not notified'})`).join(', ')}`);
  if (t.originalSubject !== t.summary) lines.push(`  subject     ${t.originalSubject}`);
  lines.push('', '  Description:', ...t.description.split('\n').map((l) => `  ${l}`));
  for (const n of t.notes) {
    lines.push('', `  --- ${n.createdAt} ${n.author ?? 'system'}${n.internal ? ' [internal]' : ''}${n.kind !== 'note' ? ` [${n.kind}]` : ''}`);
    lines.push(...n.body.split('\n').map((l) => `  ${l}`));
    for (const a of n.attachments) lines.push(`  [file] ${a.filename} (${a.size} bytes${!a.stored ? ', not stored' : n.mailClearedAt ? `, removed ${n.mailClearedAt.slice(0, 10)} under RAW_MAIL_DAYS` : ''})`);
    if (full && n.stripped) lines.push('  [stripped]', ...n.stripped.split('\n').map((l) => `  | ${l}`));
  }
  return lines.join('\n');
}

function withoutPersonalLinksIn(t: TicketView, helpdeskAddress: string): TicketView {
  const shown = (text: string) => withoutPersonalLinks(text, helpdeskAddress);
  return {
    ...t,
    summary: shown(t.summary),
    originalSubject: shown(t.originalSubject),
    description: shown(t.description),
    notes: t.notes.map((n) => ({ ...n, body: shown(n.body), ...(n.stripped !== undefined ? { stripped: shown(n.stripped) } : {}) })),
  };
}
