// `deskmail inspect`: a dry run on one message: its kind, the ticket it names, the reply text,
// the intake classification and the change the service would make. Touches nothing and needs
// no running service (settings fall back to harmless defaults when unset).
import { readFile } from 'node:fs/promises';
import { loadConfig, SETTINGS, type Config } from '../config.ts';
import { loadIntakeAssessor } from '../inbound/assess-intake.ts';
import { pipelineSettings, runPipeline, type PipelineSettings, type ThreadLookup } from '../inbound/pipeline.ts';
import { extractReplyText } from '../inbound/reply-text.ts';
import { print, type CliValues } from './main.ts';

function inspectConfig(): Config {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [name, setting] of Object.entries(SETTINGS)) {
    if (env[name] === undefined && setting.default === undefined) {
      env[name] = name === 'HELPDESK_ADDRESS' ? 'helpdesk@localhost.localdomain' : name === 'SECRET_KEY' ? 'inspect-only-not-a-secret' : 'inspect';
    }
  }
  // Only needed for a password login; inspect logs in nowhere.
  if (!env.IMAP_PASSWORD && (env.IMAP_AUTH ?? 'password') === 'password') env.IMAP_PASSWORD = 'inspect';
  return loadConfig(env);
}

/** Pretends the ticket a clue names exists, with the sender on it, so a reply shows as one. */
function dryRunLookup(): ThreadLookup {
  return {
    async findThread(clues, _token, senderEmail) {
      const ref = clues.pseudoRefs[0] ?? clues.subjectRef ?? clues.bareSubjectRef;
      if (!ref) return { ticket: null, matchedBy: 'none', participants: [] };
      return {
        ticket: { id: 0, ref, status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: '', assigneeEmail: null, closedAt: null, escalatedAt: null },
        matchedBy: clues.pseudoRefs.length ? 'pseudo-id' : 'subject-tag',
        participants: senderEmail ? [{ personId: 0, email: senderEmail, name: '', role: 'submitter', notify: true }] : [],
      };
    },
    personEmail: async () => null,
    isAdmin: async () => false,
    duplicateOf: async () => undefined,
  };
}

export async function inspectCommand(args: string[], values: CliValues): Promise<number> {
  if (values.text || values.html) {
    const body = await readFile((values.text ?? values.html)!, 'utf8');
    const { replyText, quoted } = extractReplyText(values.text ? { text: body, html: null } : { text: '', html: body });
    print(values.json, { replyText, quoted }, () => replyText);
    return 0;
  }
  const file = args[0];
  if (!file) {
    process.stderr.write('usage: deskmail inspect FILE.eml [--json] | inspect --text FILE | inspect --html FILE\n');
    return 2;
  }
  const raw = await readFile(file);
  const config = inspectConfig();
  const settings: PipelineSettings = pipelineSettings(config, []);
  const assess = await loadIntakeAssessor(config);
  const r = await runPipeline(raw, settings, dryRunLookup(), assess, new Date());
  const change = r.decision.change;
  // The intake classification describes a request that opens a ticket; a reply has none.
  const classification = r.intake && change.kind === 'create'
    ? { route: r.intake.route, topic: r.intake.topic, type: r.intake.type, priority: r.intake.priority, clientIds: r.intake.clientIds, missingInfo: r.intake.missingInfo }
    : null;
  const data = {
    kind: r.decision.kind,
    kindReason: r.verdict.reason,
    ticketRef: r.ticket?.ref ?? null,
    matchedBy: r.matchedBy,
    messageId: r.parsed.messageId,
    from: r.parsed.from?.address ?? null,
    subject: r.parsed.subject,
    replyText: r.replyText,
    classification,
    summary: r.intake?.summary ?? null,
    missingQuestions: r.intake?.missingQuestions ?? [],
    articles: r.intake?.articles ?? [],
    mayAnswerAutomatically: r.mayAnswer,
    bounce: r.verdict.bounce ?? null,
    attachments: r.parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, inline: a.inline })),
    action: describeChange(change),
  };
  print(values.json, data, () => [
    `kind:        ${data.kind} (${data.kindReason})`,
    `ticket:      ${data.ticketRef ?? '(none: a new ticket)'}${data.ticketRef ? ` via ${data.matchedBy}` : ''}`,
    `from:        ${data.from ?? '(none)'}`,
    `subject:     ${data.subject}`,
    classification ? `intake:      route ${classification.route}, topic ${classification.topic}, ${classification.type}, priority ${classification.priority}` : null,
    classification?.clientIds.length ? `client IDs:  ${classification.clientIds.join(', ')}` : null,
    classification?.missingInfo.length ? `missing:     ${classification.missingInfo.join(', ')}` : null,
    `action:      ${data.action}`,
    '', 'reply text:', data.replyText,
  ].filter((l) => l !== null).join('\n'));
  return 0;
}

function describeChange(change: Awaited<ReturnType<typeof runPipeline>>['decision']['change']): string {
  switch (change.kind) {
    case 'create': return `open a ticket (${change.ticket.status}) and announce ${change.events.map((e) => e.event).join(', ') || 'nothing'}`;
    case 'update': return `${change.outcome} on the ticket; announce ${change.events.map((e) => e.event).join(', ') || 'nothing'}`;
    case 'ignore': return `ignore: ${change.reason}`;
    case 'quarantine': return `quarantine ${change.code}: ${change.reason}`;
  }
}
