// Loads and checks the mail signs (config/mail-signs.yaml): the multilingual wording by which the
// kind detectors tell autoresponders, help-desk acknowledgements and mail-system notices from
// people, and the reply footers (device lines) a reply's note leaves out. I/O: reads one file; the
// checking is pure (checkMailSignsText).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compileSigns, SIGN_GROUPS, type MailSigns } from './kind/signs.ts';
import { projectPath } from '../project-files.ts';

export type { MailSigns } from './kind/signs.ts';

export const DEFAULT_MAIL_SIGNS_PATH = projectPath('config', 'mail-signs.yaml');

const listSchema = z
  .object({
    means: z.string().trim().min(1, 'says what the group means'),
    phrases: z.array(z.string().min(1)).min(1),
  })
  .strict();

const fileSchema = z
  .object({ version: z.literal(1), ...Object.fromEntries(SIGN_GROUPS.map((g) => [g, listSchema])) })
  .strict();

/** Parses and checks the file's text; throws one Error listing every problem. */
export function checkMailSignsText(text: string, source = 'mail signs'): MailSigns {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new Error(`Invalid mail signs in ${source}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`Invalid mail signs in ${source}:\n- ${problems.join('\n- ')}`);
  }
  const { version: _version, ...groups } = parsed.data as { version: 1 } & MailSigns;
  const signs = groups as MailSigns;
  try {
    compileSigns(signs);
  } catch (err) {
    throw new Error(`Invalid mail signs in ${source}: ${(err as Error).message}`, { cause: err });
  }
  return signs;
}

/** Reads and checks a mail-signs file. */
export function loadMailSigns(path: string = DEFAULT_MAIL_SIGNS_PATH): MailSigns {
  return checkMailSignsText(readFileSync(path, 'utf8'), path);
}

let shipped: MailSigns | undefined;

/** The shipped list (config/mail-signs.yaml), read once. */
export function defaultMailSigns(): MailSigns {
  shipped ??= loadMailSigns();
  return shipped;
}
