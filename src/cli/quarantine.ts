// `deskmail quarantine list|show|retry|drop`: the messages held for an admin, with reasons.
// Retry puts one back in line (processed again by the worker; one the mail server refused is fetched
// again first); drop keeps it but never processes it.
import { InboundStore } from '../adapters/db/inbound-store.ts';
import { queuesForCommand } from '../adapters/queue/queues.ts';
import { describeHeldMessage, dropHeldMessage, retryHeldMessage } from '../workers/held-mail.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

const USAGE = 'usage: deskmail quarantine list | show ID | retry ID | drop ID   (ID: the number quarantine list shows, in digits)\n';

export async function quarantineCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, idText = ''] = args;
  // Digits only: Number() also reads `1e1`, `0x1f` and `7.0`, none of them an ID typed on purpose,
  // and a drop cannot be undone.
  if (sub !== 'list' && !/^\d+$/.test(idText)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const id = Number(idText);
  return withDatabase(async ({ db }, config) => {
    const store = new InboundStore(db);
    switch (sub) {
      case 'list': {
        const rows = await store.listQuarantined();
        print(values.json, rows, () => rows.length === 0 ? 'quarantine is empty' : rows.map((r) =>
          `#${r.id}  ${r.receivedAt.toISOString()}  ${r.outcome}  ${r.reason ?? ''}`).join('\n'));
        return 0;
      }
      case 'show': {
        const data = await describeHeldMessage(store, id);
        if (!data) { process.stderr.write(`no stored message ${idText}\n`); return 1; }
        const { rawClearedAt, ...facts } = data;
        print(values.json, data, () => [
          ...Object.entries(facts).map(([k, v]) => `${k.padEnd(10)} ${v ?? ''}`),
          // Said, not left as an empty From and Subject: the bytes are gone, not unreadable.
          ...(rawClearedAt ? [`${'raw mail'.padEnd(10)} removed ${rawClearedAt} under RAW_MAIL_DAYS; only these facts are kept`] : []),
        ].join('\n'));
        return 0;
      }
      case 'retry': {
        // Redis first: the message is put back in line only when its job can be queued now.
        const queues = await queuesForCommand(config.REDIS_URL, config.QUEUE_PREFIX, { attempts: config.JOB_ATTEMPTS });
        if (!queues) { process.stderr.write(`Redis does not answer at REDIS_URL; message ${idText} stays in quarantine\n`); return 1; }
        let outcome;
        try {
          outcome = await retryHeldMessage(store, queues.processMail, id);
        } finally {
          await queues.close();
        }
        if (outcome === 'not-held') { process.stderr.write(`message ${idText} is not in quarantine\n`); return 1; }
        process.stdout.write(outcome === 'fetch-again'
          ? `message ${id} was never downloaded (the mail server refused it): it is fetched again from the mail server on the fetcher's next pass, and held again with the reason if the server still refuses it\n`
          : `message ${id} queued for processing again\n`);
        return 0;
      }
      case 'drop': {
        if (!(await dropHeldMessage(store, id, 'an admin'))) { process.stderr.write(`message ${idText} is not in quarantine\n`); return 1; }
        process.stdout.write(`message ${id} dropped (kept, never processed)\n`);
        return 0;
      }
      default:
        process.stderr.write(USAGE);
        return 2;
    }
  });
}
