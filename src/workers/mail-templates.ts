// The status-mail templates, loaded at the edge: each templates/<event>.mjml is read and
// compiled once with mjml's strict validation into HTML that still holds mustache
// placeholders. outbound/render.ts only fills what this returns. I/O: reads the template
// files (and their mj-include partials) once per process, and keeps MJML's output between
// starts in node_modules/.cache (see loadCompiledTemplates).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Mustache from 'mustache';
import type { CompiledTemplates } from '../outbound/render.ts';
import { collapseLayoutWhitespace } from '../outbound/markup-whitespace.ts';
import { MAIL_TEMPLATES } from '../outbound/templates.ts';
import type { TicketEvent } from '../tickets/types.ts';
import { projectPath } from '../project-files.ts';

/** templates/ at the project root, beside src/. */
export const TEMPLATES_DIR = projectPath('templates') + path.sep;

let loaded: Promise<CompiledTemplates> | null = null;
let compilations = 0;

/** How many MJML compilations this process has run; loading reuses them, so this stays at one per event. */
export function templateCompilationCount(): number {
  return compilations;
}

/**
 * Every template, compiled now (once per process), so a broken template stops start-up rather
 * than a send. A failed load is not kept, so a fixed file is picked up by the next call.
 */
export function loadMailTemplates(): Promise<CompiledTemplates> {
  if (!loaded) {
    const pending = compileAll();
    pending.catch(() => { if (loaded === pending) loaded = null; });
    loaded = pending;
  }
  return loaded;
}

async function compileAll(): Promise<CompiledTemplates> {
  return loadCompiledTemplates({ templatesDir: TEMPLATES_DIR, cacheDir: CACHE_DIR });
}

/** Where MJML's output is kept between starts: beside the installed packages it depends on. */
const CACHE_DIR = projectPath('node_modules', '.cache', 'deskmail-templates') + path.sep;
/** What MJML's output depends on besides the templates: the installed packages and our patches to them. */
const INSTALLED = [projectPath('node_modules', '.package-lock.json'), projectPath('patches') + path.sep];

/**
 * Every template of `templatesDir`, as compileTemplateFile makes it. MJML's output (about a second
 * and a half of CPU for the templates and for loading mjml itself, at every start of every worker)
 * is kept in `cacheDir` under a hash of every .mjml file there (partials included), the installed
 * package tree and the patches, so a start with nothing changed loads no MJML at all; any change
 * compiles everything again under strict validation. A cache that cannot be read or written is
 * passed over (a read-only install compiles at every start, as before).
 */
export async function loadCompiledTemplates(dirs: { templatesDir: string; cacheDir: string; installed?: string[] }): Promise<CompiledTemplates> {
  const events = Object.keys(MAIL_TEMPLATES) as TicketEvent[];
  const key = await sourcesKey(dirs.templatesDir, dirs.installed ?? INSTALLED);
  const cacheFile = key ? path.join(dirs.cacheDir, `${key}.json`) : null;
  const cached = cacheFile ? await readFile(cacheFile, 'utf8').then((text) => JSON.parse(text) as Record<string, string>, () => null) : null;
  const mjmlOutput = await Promise.all(events.map(async (event) => {
    const file = MAIL_TEMPLATES[event].file;
    const kept = cached?.[file];
    return typeof kept === 'string' ? kept : runMjml(dirs.templatesDir, file);
  }));
  if (cacheFile && !events.every((event) => typeof cached?.[MAIL_TEMPLATES[event].file] === 'string')) {
    const entries = Object.fromEntries(events.map((event, i) => [MAIL_TEMPLATES[event].file, mjmlOutput[i]!]));
    // Written whole under a new name, then renamed: a worker starting meanwhile reads all or nothing.
    const temporary = `${cacheFile}.${randomBytes(4).toString('hex')}`;
    await mkdir(dirs.cacheDir, { recursive: true }).then(() => writeFile(temporary, JSON.stringify(entries))).then(() => rename(temporary, cacheFile)).catch(() => {});
  }
  return Object.fromEntries(events.map((event, i) => [event, finishTemplate(mjmlOutput[i]!, MAIL_TEMPLATES[event].file)])) as CompiledTemplates;
}

/** A hash of every .mjml file under `templatesDir` (name and bytes) and of `installed`; null when one cannot be read. */
async function sourcesKey(templatesDir: string, installed: string[]): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    const files = (await readdir(templatesDir, { recursive: true })).filter((f) => f.endsWith('.mjml')).sort();
    for (const file of files) hash.update(`${file}\0`).update(await readFile(path.join(templatesDir, file))).update('\0');
    for (const entry of installed) {
      const patches = entry.endsWith('/') ? (await readdir(entry)).sort().map((f) => path.join(entry, f)) : [entry];
      for (const file of patches) hash.update(`${path.basename(file)}\0`).update(await readFile(file)).update('\0');
    }
  } catch {
    return null;
  }
  return hash.digest('hex').slice(0, 32);
}

/** Compile one template file (relative to templates/) under strict validation; exported so tests can check each file. */
export async function compileTemplateFile(file: string): Promise<string> {
  return finishTemplate(await runMjml(TEMPLATES_DIR, file), file);
}

/** MJML's output for one template file, under strict validation. */
async function runMjml(templatesDir: string, file: string): Promise<string> {
  const filePath = path.resolve(templatesDir, file);
  const source = await readFile(filePath, 'utf8');
  compilations += 1;
  // Loaded only when a template is compiled: a start that finds them compiled never loads mjml.
  const { default: mjml2html } = await import('mjml');
  // strict: mjml throws a ValidationError listing every problem instead of rendering.
  const result = await mjml2html(source, {
    validationLevel: 'strict',
    filePath,
    // mjml 5 skips mj-include unless asked; partials may only come from templates/.
    ignoreIncludes: false,
    includePath: templatesDir,
    keepComments: false,
    fonts: {},
  });
  // A partial that is missing or outside templates/ leaves a comment rather than an error.
  if (/mj-include (denied|fails)/.test(result.html)) {
    throw new Error(`Template ${file} has an mj-include that could not be read`);
  }
  return result.html;
}

/** MJML's output made ready to fill (`file` names the template in errors). */
function finishTemplate(mjmlHtml: string, file: string): string {
  // MJML's indentation goes once here rather than through every render and send of the mail.
  const html = collapseLayoutWhitespace(mjmlHtml);
  // Parse once now: unbalanced sections fail here, and mustache caches the tokens for render.
  // Checked on the whole mail, partials included, as mustache reads it (kept output too).
  const unescaped = findUnescapedTag(html, Mustache.parse(html));
  if (unescaped !== null) {
    throw new Error(`Template ${file} (with its partials) has an unescaped placeholder or a delimiter switch: ${unescaped}; use {{name}}`);
  }
  return html;
}

/**
 * The first tag, as written, that prints a value unescaped ({{{name}}}, {{& name}}) or switches
 * the delimiters ({{=<% %>=}}, after which anything could be written); null when there is none.
 */
function findUnescapedTag(html: string, tokens: Mustache.TemplateSpans): string | null {
  for (const token of tokens) {
    const [type, , start, end] = token;
    if (type === '&' || type === '=') return html.slice(start, end);
    const inner: unknown = token[4];
    if (Array.isArray(inner)) {
      const found = findUnescapedTag(html, inner as Mustache.TemplateSpans);
      if (found !== null) return found;
    }
  }
  return null;
}
