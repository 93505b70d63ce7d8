// Prints the README's reference tables as Markdown from the code's own tables: settings
// (SETTINGS), status transitions (TRANSITIONS), permissions (PERMISSIONS) and notifications
// (describeNotificationTable). Usage: npx tsx scripts/print-tables.ts [settings|transitions|permissions|notifications]
import { SETTINGS } from '../src/config.ts';
import { describeNotificationTable } from '../src/outbound/notify-plan.ts';
import { PERMISSIONS } from '../src/tickets/permissions.ts';
import { STATUS_LABELS, TRANSITIONS, type Transition } from '../src/tickets/transitions.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function settings(): string {
  return [
    '| Setting | Default | Meaning |',
    '| --- | --- | --- |',
    ...Object.entries(SETTINGS).map(([name, s]) => `| \`${name}\` | ${s.default === undefined ? '**required**' : s.default === '' ? '(empty)' : `\`${s.default}\``} | ${cell(s.doc)} |`),
  ].join('\n');
}

/** How a closed ticket must have been closed for the row to apply: " (closed, after a fix)"; '' for any. */
function closedHow(t: Transition): string {
  const how = [t.fromResolution, t.fromFix ? 'after a fix' : undefined].filter((w) => w !== undefined);
  return how.length ? ` (${how.join(', ')})` : '';
}

function transitions(): string {
  const to = (t: string) => (t === 'back_to_work' ? 'Assigned if someone is assigned, else New' : STATUS_LABELS[t as keyof typeof STATUS_LABELS]);
  return [
    '| From | Action | To | Resolution | Status mail |',
    '| --- | --- | --- | --- | --- |',
    ...TRANSITIONS.map((t) => `| ${STATUS_LABELS[t.from]}${closedHow(t)} | \`${t.action}\` | ${to(t.to)} | ${t.resolution ?? ''} | \`${t.event}\` |`),
  ].join('\n');
}

function permissions(): string {
  return [
    '| Action | Who may do it |',
    '| --- | --- |',
    ...Object.entries(PERMISSIONS).map(([action, roles]) => `| ${action === 'note' ? 'a plain note' : `\`#${action}\``} | ${roles.join(', ')} |`),
  ].join('\n');
}

const all: Record<string, () => string> = { settings, transitions, permissions, notifications: describeNotificationTable };
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(all)) {
  const print = all[name];
  if (!print) {
    process.stderr.write(`unknown table ${name}; one of ${Object.keys(all).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`${print()}\n\n`);
}
