// The `deskmail` command: parses arguments and dispatches to one command module each.
// Commands print JSON with --json and readable text otherwise; errors go to stderr with exit 1
// (2 for usage errors).
import { parseArgs } from 'node:util';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { dbConnectionFailure, translateDbError } from '../adapters/db/errors.ts';
import { ConfigError } from '../config.ts';
import { safeError } from '../log.ts';
import { showControls } from './output.ts';

const USAGE = `usage: deskmail <command> [options]

  migrate                              create the database if needed and apply migrations
  worker                               run the service: fetch mail, process it, send status mail (and the web when WEB_PORT is set)
  web                                  run the web pages only (ticket page, sign-in) on WEB_PORT (default 3000)
  demo [--exit]                        start a private mail server, the service and the web, send a sample request, show the ticket
                                       and its link; runs until Ctrl-C (--exit or CI=true: ends by itself)
  inspect FILE.eml [--json]            dry run on one message: what the service would do (writes nothing)
  inspect --text FILE | --html FILE    the same for a bare plain-text or HTML reply body
  tickets list [--status S] [--submitter EMAIL] [--json]
  tickets show REF [--json] [--full]
  attachments get CHECKSUM [--out FILE]  a stored file, by the checksum tickets show --json lists (to FILE or a pipe, never a terminal)
  quarantine list|show ID|retry ID|drop ID [--json]
  people list|admin EMAIL|unadmin EMAIL|deliverable EMAIL|signout EMAIL|revoke EMAIL [--json]
  rules check [FILE [VOCABULARY]]      check intake rules; a proposed file lists labelled requests that change answer
  classify report [--json]             what admins corrected most
  schedule run lifecycle-sweep|digest|recover|limits-summary|mail-retention [--now ISO [--yes]]
                                       runs a task now; --now acts as at that time, an ISO 8601 date or time (a time ahead needs --yes:
                                       it mails real people); ends with status 1 when the task says work failed or was put off
  status [--json]                      who fetches, queue depths, outcomes, quarantine, mail not sent
  jobs failed [--json] | jobs retry [JOB_ID...]   jobs set aside after failing on every attempt; run them again`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        full: { type: 'boolean', default: false },
        status: { type: 'string' },
        submitter: { type: 'string' },
        text: { type: 'string' },
        html: { type: 'string' },
        now: { type: 'string' },
        out: { type: 'string' },
        exit: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (!command || command === 'help' || command === '--help' || values.help) {
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    switch (command) {
      case 'migrate': return await (await import('./migrate.ts')).migrateCommand();
      case 'worker': return await (await import('./worker.ts')).workerCommand();
      case 'web': return await (await import('./web.ts')).webCommand();
      case 'demo': return await (await import('./demo.ts')).demoCommand(values);
      case 'inspect': return await (await import('./inspect.ts')).inspectCommand(positionals, values);
      case 'tickets': return await (await import('./tickets.ts')).ticketsCommand(positionals, values);
      case 'attachments': return await (await import('./attachments.ts')).attachmentsCommand(positionals, values);
      case 'quarantine': return await (await import('./quarantine.ts')).quarantineCommand(positionals, values);
      case 'people': return await (await import('./people.ts')).peopleCommand(positionals, values);
      case 'rules': return await (await import('./rules.ts')).rulesCommand(positionals, values);
      case 'classify': return await (await import('./rules.ts')).classifyCommand(positionals, values);
      case 'schedule': return await (await import('./schedule.ts')).scheduleCommand(positionals, values);
      case 'jobs': return await (await import('./jobs.ts')).jobsCommand(positionals, values);
      case 'status': return await (await import('./status.ts')).statusCommand(values);
      default:
        process.stderr.write(`deskmail: unknown command "${command}"\n${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`deskmail: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    // A failure's message can quote stored text (a value the database refused, a mail header).
    process.stderr.write(`deskmail ${command}: ${showControls(failureLine(err))}\n`);
    return 1;
  }
}

/**
 * What a failed command says went wrong, in one line. A database failure is told by its cause
 * (the server that did not answer, what the server refused): drizzle's own message is the query,
 * which says nothing of why and whose text and parameters can carry stored data.
 */
export function failureLine(err: unknown): string {
  const unreached = dbConnectionFailure(err);
  if (unreached) return `PostgreSQL${unreached.where ? ` at ${unreached.where}` : ''} does not answer (${unreached.code})`;
  const translated = translateDbError(err);
  if (translated !== err) return safeError(translated).message;
  if (err instanceof DrizzleQueryError) return `a database query failed${err.cause ? `: ${safeError(err.cause).message}` : ''}`;
  return safeError(err).message;
}
