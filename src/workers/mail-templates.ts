// The status-mail templates, loaded at the edge: each templates/<event>.mjml is read and
// compiled once with mjml's strict validation into HTML that still holds mustache
// placeholders. outbound/render.ts only fills what this returns. I/O: reads the template
// files (and their mj-include partials) once per process.
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mjml2html from 'mjml';
import Mustache from 'mustache';
import type { CompiledTemplates } from '../outbound/render.ts';
import { collapseLayoutWhitespace } from '../outbound/markup-whitespace.ts';
import { MAIL_TEMPLATES } from '../outbound/templates.ts';
import type { TicketEvent } from '../tickets/types.ts';

/** templates/ at the project root, beside src/. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

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
  const events = Object.keys(MAIL_TEMPLATES) as TicketEvent[];
  const compiled = await Promise.all(events.map((event) => compileTemplateFile(MAIL_TEMPLATES[event].file)));
  return Object.fromEntries(events.map((event, i) => [event, compiled[i]!])) as CompiledTemplates;
}

/** Compile one template file (relative to templates/) under strict validation; exported so tests can check each file. */
export async function compileTemplateFile(file: string): Promise<string> {
  const filePath = path.resolve(TEMPLATES_DIR, file);
  const source = await readFile(filePath, 'utf8');
  // Triple mustaches and {{& }} print values unescaped; no template may use them.
  if (/\{\{\{|\{\{\s*&/.test(source)) {
    throw new Error(`Template ${file} uses an unescaped placeholder; use {{name}}`);
  }
  compilations += 1;
  // strict: mjml throws a ValidationError listing every problem instead of rendering.
  const result = await mjml2html(source, {
    validationLevel: 'strict',
    filePath,
    // mjml 5 skips mj-include unless asked; partials may only come from templates/.
    ignoreIncludes: false,
    includePath: TEMPLATES_DIR,
    keepComments: false,
    fonts: {},
  });
  // A partial that is missing or outside templates/ leaves a comment rather than an error.
  if (/mj-include (denied|fails)/.test(result.html)) {
    throw new Error(`Template ${file} has an mj-include that could not be read`);
  }
  // MJML's indentation goes once here rather than through every render and send of the mail.
  const html = collapseLayoutWhitespace(result.html);
  // Parse once now: unbalanced sections fail here, and mustache caches the tokens for render.
  Mustache.parse(html);
  return html;
}
