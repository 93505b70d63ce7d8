// MJML's output for the status-mail templates is kept between starts: a start with nothing changed
// compiles nothing (and loads no MJML), and a changed template or partial compiles everything again.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_TEMPLATES } from '../../src/outbound/templates.ts';
import { loadCompiledTemplates, loadMailTemplates, TEMPLATES_DIR, templateCompilationCount } from '../../src/workers/mail-templates.ts';

const EVENTS = Object.keys(MAIL_TEMPLATES).length;
let scratch: string;
let dirs: { templatesDir: string; cacheDir: string; installed: string[] };

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'deskmail-templates-'));
  const installed = path.join(scratch, 'installed.json');
  await writeFile(installed, '{"mjml":"as installed"}');
  dirs = { templatesDir: path.join(scratch, 'templates'), cacheDir: path.join(scratch, 'cache'), installed: [installed] };
  await cp(TEMPLATES_DIR, dirs.templatesDir, { recursive: true });
});
afterAll(async () => { await rm(scratch, { recursive: true, force: true }); });

describe('status-mail templates kept between starts', () => {
  it('compiles every template on the first start and none on the next, with the same result', async () => {
    const before = templateCompilationCount();
    const first = await loadCompiledTemplates(dirs);
    expect(templateCompilationCount()).toBe(before + EVENTS);
    expect(first).toEqual(await loadMailTemplates());
    const second = await loadCompiledTemplates(dirs);
    expect(templateCompilationCount()).toBe(before + EVENTS);
    expect(second).toEqual(first);
  });

  it('compiles everything again when a partial changes, and shows the change', async () => {
    const footer = path.join(dirs.templatesDir, 'partials', 'footer.mjml');
    await writeFile(footer, (await readFile(footer, 'utf8')).replace('</mj-text>', ' Changed footer line.</mj-text>'));
    const before = templateCompilationCount();
    const changed = await loadCompiledTemplates(dirs);
    expect(templateCompilationCount()).toBe(before + EVENTS);
    expect(changed.submitted).toContain('Changed footer line.');
  });

  it('compiles everything again when the installed packages change', async () => {
    await writeFile(dirs.installed[0]!, '{"mjml":"another version"}');
    const before = templateCompilationCount();
    await loadCompiledTemplates(dirs);
    expect(templateCompilationCount()).toBe(before + EVENTS);
  });

  it('still starts when the cache cannot be written', async () => {
    const blocked = path.join(scratch, 'not-a-directory');
    await writeFile(blocked, '');
    const before = templateCompilationCount();
    const loaded = await loadCompiledTemplates({ ...dirs, cacheDir: path.join(blocked, 'cache') });
    expect(templateCompilationCount()).toBe(before + EVENTS);
    expect(loaded.submitted).toContain('Changed footer line.');
  });
});
