// Loading the status-mail templates refuses one that would print a value unescaped anywhere in the
// mail as sent: a triple mustache or {{& }} in the template or in a partial it includes, or a
// {{= }} delimiter switch, behind which anything could be written.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCompiledTemplates, TEMPLATES_DIR } from '../../src/workers/mail-templates.ts';

let scratch: string;
let original: string;
const installed = () => path.join(scratch, 'installed.json');
const footer = () => path.join(scratch, 'templates', 'partials', 'footer.mjml');
// A fresh cache directory each time: nothing kept from a load before stands in for a compilation.
let loads = 0;
const load = () => loadCompiledTemplates({ templatesDir: path.join(scratch, 'templates'), cacheDir: path.join(scratch, `cache-${++loads}`), installed: [installed()] });

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'deskmail-templates-'));
  await writeFile(installed(), '{"mjml":"as installed"}');
  await cp(TEMPLATES_DIR, path.join(scratch, 'templates'), { recursive: true });
  original = await readFile(footer(), 'utf8');
});
beforeEach(async () => { await writeFile(footer(), original); });
afterAll(async () => { await rm(scratch, { recursive: true, force: true }); });

describe('loading the status-mail templates', () => {
  it('loads the templates as they are', async () => {
    expect((await load()).submitted).toContain('Issues Tracking');
  });

  it.each([
    ['a triple mustache', '{{{systemName}}}'],
    ['an ampersand placeholder', '{{& systemName}}'],
    ['a delimiter switch', '{{=<% %>=}}<%& systemName %>'],
  ])('refuses %s in an included partial, naming the template and the placeholder', async (_, placeholder) => {
    await writeFile(footer(), original.replace('<p>{{systemName}} Issues Tracking</p>', `<p>${placeholder} Issues Tracking</p>`));
    const error = await load().then(() => null, (err: Error) => err);
    expect(error?.message).toMatch(/^Template \S+\.mjml \(with its partials\) has an unescaped placeholder or a delimiter switch: \{\{/);
    expect(error?.message).toContain(placeholder.slice(0, 5));
  });
});
