// The layout's one rule, checked: the pure stages (inbound/, tickets/, outbound/, intake/) never
// import the adapters, the workers, or an I/O library. Bytes in, data out; I/O stays at the edges.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PURE = ['src/inbound', 'src/tickets', 'src/outbound', 'src/intake'];
const FORBIDDEN = [/^imapflow$/, /^nodemailer/, /^bullmq/, /^ioredis/, /^postgres$/, /^drizzle-orm/, /^smtp-server/, /\/adapters\//, /\/workers\//, /^node:(net|http|https|child_process)$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('architecture', () => {
  it.each(PURE)('%s imports no adapter, worker or I/O library', (dir) => {
    const offences = files(dir).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).filter((spec) => FORBIDDEN.some((re) => re.test(spec))).map((spec) => `${file} imports ${spec}`));
    expect(offences).toEqual([]);
  });

  it('finds the imports it checks (the check itself can fail)', () => {
    expect(importsOf("import { Queue } from 'bullmq';\nconst x = await import('../adapters/db/client.ts');")).toEqual(['bullmq', '../adapters/db/client.ts']);
  });
});
