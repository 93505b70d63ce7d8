// `deskmail inspect`: a dry run on one message: its kind, the ticket it names, the reply text,
// the intake classification and the change the service would make. With DATABASE_URL it asks the
// real database, read-only (the real ticket, its participants, the staff); without one it guesses
// and says so. Writes nothing and needs no running service (other settings fall back to harmless
// defaults when unset). It says which key it read reply addresses with (a random one without
// SECRET_KEY, under which every signed address shows as unsigned) and that it checks no sender.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openDatabase } from '../adapters/db/client.ts';
import { InboundStore } from '../adapters/db/inbound-store.ts';
import { findStaff } from '../adapters/db/people.ts';
import { databaseLookup } from '../adapters/db/thread-lookup.ts';
import { TicketStore } from '../adapters/db/ticket-store.ts';
import { loadConfig, SETTINGS, type Config } from '../config.ts';
import { loadIntakeAssessor, pipelineSettings } from '../stage-settings.ts';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../inbound/pipeline.ts';
import { extractReplyText } from '../inbound/reply-text.ts';
import { print, type CliValues } from './output.ts';

/** The settings, and whether SECRET_KEY was missing and so made up for this run. */
function inspectConfig(): { config: Config; randomKey: boolean } {
  const env: Record<string, string | undefined> = { ...process.env };
  const randomKey = env.SECRET_KEY === undefined;
  for (const [name, setting] of Object.entries(SETTINGS)) {
    if (env[name] === undefined && setting.default === undefined) {
      env[name] = name === 'HELPDESK_ADDRESS' ? 'helpdesk@localhost.localdomain' : name === 'SECRET_KEY' ? randomBytes(32).toString('hex') : 'inspect';
    }
  }
  // Only needed for a password login; inspect logs in nowhere.
  if (!env.IMAP_PASSWORD && (env.IMAP_AUTH ?? 'password') === 'password') env.IMAP_PASSWORD = 'inspect';
  return { config: loadConfig(env), randomKey };
}

const RANDOM_KEY_EFFECT = 'a signed reply address shows as unsigned and its commands as refused; set SECRET_KEY to the service\'s to see them as the service would';

/** Without a database: guesses that the ticket a clue names exists, with the sender on it. */
function guessingLookup(): ThreadLookup {
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
    const { replyText, quoted, source, cuts } = extractReplyText(values.text ? { text: body, html: null } : { text: '', html: body });
    print(values.json, { replyText, quoted, replySource: source, cuts }, () => replyText);
    return 0;
  }
  const file = args[0];
  if (!file) {
    process.stderr.write('usage: deskmail inspect FILE.eml [--json] | inspect --text FILE | inspect --html FILE\n');
    return 2;
  }
  const raw = await readFile(file);
  const { config, randomKey } = inspectConfig();
  const assess = loadIntakeAssessor(config);
  const run = async (lookup: ThreadLookup, settings: PipelineSettings) => runPipeline(raw, settings, lookup, assess, new Date());
  const guessing = process.env.DATABASE_URL === undefined;
  // Said on standard error too, so that a reader of --json output or of a pipe sees it.
  if (randomKey && !guessing) process.stderr.write(`deskmail inspect: SECRET_KEY is not set, so reply addresses are read with a random key: ${RANDOM_KEY_EFFECT}\n`);
  let r: Awaited<ReturnType<typeof runPipeline>>;
  if (guessing) {
    r = await run(guessingLookup(), pipelineSettings(config, []));
  } else {
    const database = openDatabase(config.DATABASE_URL, { max: 1, readOnly: true });
    try {
      const { db } = database;
      const lookup = databaseLookup(db, new TicketStore(db, config.TICKET_PREFIX), new InboundStore(db), null);
      r = await run(lookup, pipelineSettings(config, (await findStaff(db, config.ADMIN_EMAILS)).staff));
    } finally {
      await database.close();
    }
  }
  const change = r.decision.change;
  // Which rule cut the reply where, so a wrong note can be explained from this one command.
  const reading = extractReplyText({ text: r.parsed.text, html: r.parsed.html });
  // The intake classification describes a request that opens a ticket; a reply has none.
  const classification = r.intake && change.kind === 'create'
    ? { route: r.intake.route, topic: r.intake.topic, type: r.intake.type, priority: r.intake.priority, clientIds: r.intake.clientIds, missingInfo: r.intake.missingInfo }
    : null;
  const data = {
    /** `database`: asked the real database (read-only); `guess`: no DATABASE_URL, so any ticket a clue names is assumed to exist with the sender on it. */
    source: guessing ? 'guess' : 'database',
    /** `SECRET_KEY` (with SECRET_KEY_PREVIOUS when set), or `random`: SECRET_KEY is not set, so every signed reply address reads as unsigned. */
    replyAddressKey: randomKey ? 'random' : 'SECRET_KEY',
    /** Always `off`: inspect checks no DKIM, SPF or DMARC (the service does with SENDER_AUTH=verify). */
    senderCheck: 'off',
    kind: r.decision.kind,
    kindReason: r.verdict.reason,
    ticketRef: r.ticket?.ref ?? null,
    matchedBy: r.matchedBy,
    messageId: r.parsed.messageId,
    /** What tells this mail from other mail under its Message-ID, as inbound_messages.content_fingerprint keeps it. */
    contentFingerprint: r.fingerprint,
    from: r.parsed.from?.address ?? null,
    subject: r.parsed.subject,
    replyText: r.replyText,
    replySource: reading.source,
    cuts: reading.cuts,
    replyCrossCheck: reading.crossCheck ?? null,
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
    guessing ? 'GUESSING: DATABASE_URL is not set, so any ticket the mail names is assumed to exist with the sender on it.' : 'database:    asked the real database (read-only)',
    `key:         ${randomKey ? `a random one, as SECRET_KEY is not set: ${RANDOM_KEY_EFFECT}` : config.SECRET_KEY_PREVIOUS ? 'SECRET_KEY, and SECRET_KEY_PREVIOUS' : 'SECRET_KEY'}`,
    `sender check: ${config.SENDER_AUTH === 'off' ? 'off (SENDER_AUTH=off)' : 'off here: inspect checks no DKIM, SPF or DMARC; the service does (SENDER_AUTH=verify), and a From that fails DMARC gets no answer there and obeys nothing'}`,
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
