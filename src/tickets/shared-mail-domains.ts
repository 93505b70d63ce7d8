// Loads and checks the shared mail domains (config/shared-mail-domains.yaml): free webmail, internet
// providers' and privacy services' domains, where two addresses make nobody colleagues. I/O: reads
// one file, once; the checking and the matching are pure (checkSharedMailDomainsText, isSharedMailDomain).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-files.ts';

export const DEFAULT_SHARED_MAIL_DOMAINS_PATH = projectPath('config', 'shared-mail-domains.yaml');

/** The domains, as matching reads them. */
export interface SharedMailDomains {
  /** Whole domains (`gmail.com`). */
  exact: ReadonlySet<string>;
  /** Names under any top-level or country second-level domain (`outlook` for `outlook.*`). */
  anyEnding: ReadonlySet<string>;
}

/** A domain, or `name.*`: lower-case labels of letters, digits and hyphens. */
const ENTRY = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z0-9-]+|\*)$/;
/** What `.*` stands for: a top-level domain, or a country's co/com/ne/net/or/org second level. */
const ANY_ENDING = /^(?:[a-z]{2,}|(?:co|com|ne|net|or|org)\.[a-z]{2})$/;

const groupSchema = z
  .object({
    means: z.string().trim().min(1, 'says what the group means'),
    domains: z.array(z.string().regex(ENTRY, 'must be a lower-case domain or name.*')).min(1),
  })
  .strict();

const fileSchema = z.object({ version: z.literal(1) }).catchall(groupSchema);

/** Parses and checks the file's text; throws one Error listing every problem. */
export function checkSharedMailDomainsText(text: string, source = 'shared mail domains'): SharedMailDomains {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new Error(`Invalid shared mail domains in ${source}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = fileSchema.safeParse(data);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
  const entries = parsed.success ? Object.entries(parsed.data).flatMap(([group, g]) => (group === 'version' ? [] : (g as { domains: string[] }).domains)) : [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry)) problems.push(`${entry}: listed more than once`);
    seen.add(entry);
  }
  if (parsed.success && entries.length === 0) problems.push('(file): lists no domain');
  if (problems.length > 0) throw new Error(`Invalid shared mail domains in ${source}:\n- ${problems.join('\n- ')}`);
  return {
    exact: new Set(entries.filter((e) => !e.endsWith('.*'))),
    anyEnding: new Set(entries.filter((e) => e.endsWith('.*')).map((e) => e.slice(0, -2))),
  };
}

/** Is this (lower-case) domain one whose mailboxes anyone may have? */
export function isSharedMailDomain(domain: string, shared: SharedMailDomains): boolean {
  let d = domain.toLowerCase();
  while (d.endsWith('.')) d = d.slice(0, -1);
  if (shared.exact.has(d)) return true;
  // `yahoo.com.br` is `yahoo` under `com.br`, `yahoo.fr` is `yahoo` under `fr`: try each split.
  for (let dot = d.indexOf('.'); dot > 0; dot = d.indexOf('.', dot + 1)) {
    if (shared.anyEnding.has(d.slice(0, dot)) && ANY_ENDING.test(d.slice(dot + 1))) return true;
  }
  return false;
}

/** Reads and checks a shared-mail-domains file. */
export function loadSharedMailDomains(path: string = DEFAULT_SHARED_MAIL_DOMAINS_PATH): SharedMailDomains {
  return checkSharedMailDomainsText(readFileSync(path, 'utf8'), path);
}

let shipped: SharedMailDomains | undefined;

/** The shipped list (config/shared-mail-domains.yaml), read once. */
export function defaultSharedMailDomains(): SharedMailDomains {
  shipped ??= loadSharedMailDomains();
  return shipped;
}
