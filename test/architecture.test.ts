// The layout's rules, checked on the import graph of src/: no import cycles between files or
// between folders; the domain folders' directions (tickets at the bottom; intake beside it;
// inbound and outbound above them, independent of each other); the pure stages (inbound/,
// tickets/, outbound/, intake/) never import the adapters, the workers, the web, the CLI, the
// config or an I/O library. Each check also runs on a small made-up tree, so it is seen to fail.
import { describe, expect, it } from 'vitest';
import {
  buildGraph, fileEdges, findCycles, findForbiddenImports, folderEdges, importsOf, readGraph, withoutImports, type ImportGraph, type LayoutRules,
} from './support/import-graph.ts';

const PURE = ['inbound', 'tickets', 'outbound', 'intake'] as const;
const EDGES = ['adapters', 'workers', 'web', 'cli', 'devmail'];
const IO = [/^imapflow$/, /^nodemailer/, /^bullmq/, /^ioredis/, /^postgres$/, /^drizzle-orm/, /^smtp-server/, /^fastify/, /^@fastify\//, /^(node:)?(fs|fs\/promises|net|http|https|child_process)$/];

/** Which folder may not import which: the map the README draws. */
const RULES: LayoutRules = {
  forbiddenFolders: {
    tickets: ['inbound', 'outbound', 'intake', ...EDGES],
    intake: ['inbound', 'outbound', ...EDGES],
    inbound: ['outbound', ...EDGES],
    outbound: ['inbound', 'intake', ...EDGES],
  },
  forbiddenPackages: Object.fromEntries(PURE.map((folder) => [folder, IO])),
  // Settings reach the pure stages as arguments (see stage-settings.ts), never by reading config.ts.
  forbiddenFiles: Object.fromEntries(PURE.map((folder) => [folder, ['config.ts']])),
};

/**
 * Known breaches, each with the reason it is still here. Keep this list short: a new entry needs
 * a sentence, and an entry that no longer matches fails the test so that it is removed.
 */
const KNOWN: Record<string, string> = {
  // The Help Center catalogue is still read by its own loader (called only from stage-settings.ts at
  // start); intake's rules, vocabulary and model are read in stage-settings.ts itself.
  'intake/articles.ts imports node:fs': 'intake loader reads its file',
  // The automatic-mail signs are loaded once by their own loader, like intake's files.
  'inbound/mail-signs.ts imports node:fs': 'mail-signs loader reads its file',
  // The shared mail domains likewise: read once, the default of the colleague rule (participant-limits.ts).
  'tickets/shared-mail-domains.ts imports node:fs': 'shared-mail-domains loader reads its file',
};
/** Known file cycles, likewise. */
const KNOWN_CYCLES: string[] = [];

const SRC = readGraph('src');

function withoutKnown(offences: string[]): string[] {
  return offences.filter((o) => !(o in KNOWN));
}

describe('the layout of src/', () => {
  it('has no import cycle between files', () => {
    expect(findCycles(fileEdges(SRC)).map((c) => c.join(', ')).filter((c) => !KNOWN_CYCLES.includes(c))).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    expect(findCycles(folderEdges(withoutImports(SRC, new Set(Object.keys(KNOWN)))))).toEqual([]);
  });

  it('keeps each folder to its allowed directions, and the pure stages free of I/O and config', () => {
    expect(withoutKnown(findForbiddenImports(SRC, RULES))).toEqual([]);
  });

  it('lists only known breaches that still exist', () => {
    const offences = new Set(findForbiddenImports(SRC, RULES));
    const cycles = new Set(findCycles(fileEdges(SRC)).map((c) => c.join(', ')));
    expect(Object.keys(KNOWN).filter((k) => !offences.has(k))).toEqual([]);
    expect(KNOWN_CYCLES.filter((c) => !cycles.has(c))).toEqual([]);
  });
});

describe('the checks themselves (they can fail)', () => {
  const tree = (files: Record<string, string>): ImportGraph => buildGraph(new Map(Object.entries(files)));

  it('finds static, dynamic and side-effect imports and re-exports', () => {
    expect(importsOf("import { Queue } from 'bullmq';\nexport { x } from './x.ts';\nimport './side.ts';\nconst y = await import('../adapters/db/client.ts');"))
      .toEqual(['bullmq', './x.ts', './side.ts', '../adapters/db/client.ts']);
  });

  it('reports a cycle between files, and between their folders', () => {
    const cyclic = tree({
      'tickets/decide.ts': "import { parseMessage } from '../inbound/parse.ts';",
      'inbound/parse.ts': "import { x } from './wrap.ts';",
      'inbound/wrap.ts': "import { decide } from '../tickets/decide.ts';",
      'outbound/plan.ts': "import type { T } from '../tickets/types.ts';",
      'tickets/types.ts': '',
    });
    expect(findCycles(fileEdges(cyclic))).toEqual([['inbound/parse.ts', 'inbound/wrap.ts', 'tickets/decide.ts']]);
    expect(findCycles(folderEdges(cyclic))).toEqual([['inbound', 'tickets']]);
    const fine = tree({ 'outbound/plan.ts': "import type { T } from '../tickets/types.ts';", 'tickets/types.ts': '' });
    expect(findCycles(fileEdges(fine))).toEqual([]);
    expect(findCycles(folderEdges(fine))).toEqual([]);
  });

  it('reports a forbidden direction, an I/O library and config in a pure stage', () => {
    const bad = tree({
      'tickets/decide.ts': "import { x } from '../outbound/plan.ts';",
      'outbound/plan.ts': "import { readFile } from 'node:fs/promises';\nimport type { Config } from '../config.ts';",
      'inbound/fetch.ts': "import { ImapFlow } from 'imapflow';\nconst db = await import('../adapters/db/client.ts');",
      'workers/send.ts': "import { plan } from '../outbound/plan.ts';\nimport nodemailer from 'nodemailer';",
      'config.ts': '',
    });
    expect(findForbiddenImports(bad, RULES)).toEqual([
      'inbound/fetch.ts imports adapters/db/client.ts',
      'inbound/fetch.ts imports imapflow',
      'outbound/plan.ts imports config.ts',
      'outbound/plan.ts imports node:fs/promises',
      'tickets/decide.ts imports outbound/plan.ts',
    ]);
  });
});
