// Checks the intake rules (config/intake-rules.yaml): client-ID formats, deadline cues, the
// missing-info checklists and how each item is recognised, and assembles them with the vocabulary
// and the trained model. Pure: the files are read at the edge (src/stage-settings.ts).
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ItemModels } from './item-models.ts';
import { compactLinearModel, type LinearModel } from './linear-model.ts';
import { checkVocabularyText, indexEntries, type PhraseIndex, type Vocabulary } from './vocabulary.ts';

export { PRIORITY_LEVELS, REQUEST_TYPES, ROUTES, TOPICS, type Route, type Topic } from './labels.ts';
import { REQUEST_TYPES, ROUTES, TOPICS } from './labels.ts';

/** No pattern longer than one line: a longer one is a sign that a rule is missing. */
export const MAX_PATTERN_LENGTH = 100;


/** A regular expression source (matched case-insensitively, accents ignored) or the long form. */
const patternSchema = z.union([
  z.string().min(1).max(MAX_PATTERN_LENGTH),
  z.object({ re: z.string().min(1).max(MAX_PATTERN_LENGTH), caseSensitive: z.boolean().default(false) }).strict(),
]);

/** Where an item is looked for: subject and body without signature (default), subject only, or everything incl. signature. */
const scopeSchema = z.enum(['content', 'subject', 'all']).default('content');

const detectSchema = z
  .object({
    any: z.array(patternSchema).optional(),
    /** Vocabulary-style entries: whole words, a final * for any ending. */
    words: z.array(z.string().min(1).max(60)).optional(),
    /** A date anywhere (m/d, month names, weekdays, relative times), English or Spanish; `range`: a start and an end. */
    dates: z.union([z.boolean(), z.literal('range')]).optional(),
    /** A reporting period: a date range, quarter, fiscal/program year, a month or a year; `chosen`: not a month in passing. */
    periods: z.union([z.boolean(), z.literal('chosen')]).optional(),
    /** A date or time word right after one of these words is about something else ("entered Monday"). */
    notAfter: z.array(z.string()).optional(),
    /** A `words` entry right after one of these words (up to three words back) is denied ("none of us entered"). */
    deniedAfter: z.array(z.string()).optional(),
    in: scopeSchema,
    clientIdsAtLeast: z.number().int().positive().optional(),
    attachmentNames: z.array(patternSchema).optional(),
    /** `any` and `periods` also read the attached files' names as words ("APR_2023-10-01_to_2024-09-30.csv"). */
    fileNames: z.boolean().optional(),
    /** With a file attached, the text names it as the item ("the signed form is attached"). */
    attachedAs: z.array(patternSchema).optional(),
    /** Counts as present when, after removing vague phrases and filler words, this many words remain. */
    minContentWords: z.number().int().positive().optional(),
    vague: z.array(patternSchema).optional(),
    names: z.boolean().optional(),
    /** In these topics a name matched by `any` that is the sender's own agency, as the sign-off writes it, does not count. */
    notSenderIn: z.array(z.enum(TOPICS)).optional(),
    /** Only in sentences about what happened, not a deadline, condition or plan ("closes today", "if ... Friday"). */
    past: z.boolean().optional(),
  })
  .strict();

const itemSchema = z
  .object({
    ask: z.string().min(1),
    /** The id reported as missing when it differs from the key (a topic-specific variant of an item). */
    reportAs: z.string().optional(),
    present: detectSchema,
    appliesTo: z.object({ types: z.array(z.enum(REQUEST_TYPES)).optional() }).strict().optional(),
    /** The item is only checked when one of these matches (e.g. away_dates only for time-away locks). */
    appliesWhen: z.array(patternSchema).optional(),
  })
  .strict();

const rulesSchema = z
  .object({
    version: z.literal(2),
    vendor: z.object({ addressPatterns: z.array(patternSchema).min(1) }).strict(),
    deadline: z.object({ withinDays: z.number().int().positive(), cue: z.array(z.string()).min(1), soon: z.array(z.string()) }).strict(),
    clientIds: z
      .object({
        letterDigit: patternSchema,
        introducers: z.array(patternSchema).min(1),
        listSeparator: patternSchema,
        /** Label words of look-alikes (regular-expression fragments): funding papers and other systems' records exclude a value named before, in its clause or after it. */
        labels: z.array(z.string().min(1)),
        /** Reference labels (case, ticket, enrollment) exclude a value after it only with "no./#/id". */
        references: z.array(z.string().min(1)),
        /**
         * Parts of a client's own record (enrollment, member): "enrollment PRLT502214" is that client's enrollment,
         * "enrollment ID ENRL240118" its own reference.
         */
        clientParts: z.array(z.string().min(1)),
        excludeBefore: z.array(patternSchema),
        retract: z.array(patternSchema),
      })
      .strict(),
    checklists: z.record(z.enum(TOPICS), z.array(z.string())),
    items: z.record(z.string(), itemSchema),
    missingInfoRoutes: z.array(z.enum(ROUTES)),
    summary: z.object({ poorSubjects: z.array(patternSchema).min(1) }).strict(),
  })
  .strict();

/** The rules file as validated, plus the vocabulary and the trained model read next to it. */
export type IntakeRules = z.infer<typeof rulesSchema> & { vocabulary?: Vocabulary; model?: IntakeModel; itemModels?: ItemModels; itemWords?: Map<string, PhraseIndex> };

/** The trained linear models (config/intake-model.json, written by `npm run intake:train -- --write`). */
export interface IntakeModel {
  trainedOn: string[];
  count: number;
  models: { route: LinearModel; topic: LinearModel; type: LinearModel; priority: LinearModel };
}

export interface RulesSummary {
  topics: number;
  checklistItems: number;
  patterns: number;
}

export interface RulesCheck {
  ok: boolean;
  problems: string[];
  summary: RulesSummary | null;
}

export const MODEL_FILE_NAME = 'intake-model.json';
/** The checklist item models (item-models.ts), trained by the same script, in their own file. */
export const ITEM_MODELS_FILE_NAME = 'intake-item-models.json';
export const VOCABULARY_FILE_NAME = 'intake-vocabulary.yaml';

/** The rules, the vocabulary and (when given) the model, from their texts; throws one Error listing every problem. */
export function assembleIntakeRules(texts: { rules: string; vocabulary: string; model?: string | IntakeModel; itemModels?: string | ItemModels }, source = 'rules'): IntakeRules {
  const check = checkRulesText(texts.rules, source);
  if (!check.ok || !check.rules) throw new Error(`Invalid intake rules in ${source}:\n- ${check.problems.join('\n- ')}`);
  const checked = checkVocabularyText(texts.vocabulary);
  if (!checked.vocabulary) throw new Error(`Invalid intake vocabulary beside ${source}:\n- ${checked.problems.join('\n- ')}`);
  const model = typeof texts.model === 'string' ? parseIntakeModel(texts.model, source) : texts.model;
  const itemModels = typeof texts.itemModels === 'string' ? parseItemModels(texts.itemModels, source) : texts.itemModels;
  return { ...check.rules, vocabulary: checked.vocabulary, ...(model ? { model } : {}), ...(itemModels ? { itemModels } : {}) };
}

/** Checks the item models' text: a threshold, and per item a binary model over 'absent' and 'present'. That each item is one the rules define is checked for the stored file by its test, not here. */
export function parseItemModels(text: string, source = 'item models'): ItemModels {
  const raw = JSON.parse(text) as ItemModels;
  if (typeof raw.overturnAbove !== 'number' || !raw.models) throw new Error(`Invalid intake item models beside ${source}`);
  for (const [item, m] of Object.entries(raw.models)) {
    if (m.labels?.join() !== 'absent,present' || !m.weights) throw new Error(`Invalid intake item model "${item}" beside ${source}`);
    raw.models[item] = compactLinearModel(m);
  }
  return raw;
}

/** Checks the model file's text (config/intake-model.json): every field has labels, weights and a temperature. */
export function parseIntakeModel(text: string, source = 'model'): IntakeModel {
  const raw = JSON.parse(text) as IntakeModel;
  for (const field of ['route', 'topic', 'type', 'priority'] as const) {
    const m = raw.models?.[field];
    if (!m?.labels?.length || !m.weights || typeof m.temperature !== 'number') throw new Error(`Invalid intake model "${field}" beside ${source}`);
    raw.models[field] = compactLinearModel(m);
  }
  return raw;
}

/** Validates rules given as YAML text. Pure. */
export function checkRulesText(text: string, source = 'rules'): RulesCheck & { rules?: IntakeRules } {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    return { ok: false, problems: [`${source} is not valid YAML: ${(err as Error).message.split('\n')[0]}`], summary: null };
  }
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { ok: false, problems, summary: null };
  }
  const rules = parsed.data;
  const problems = [...findBadPatterns(rules), ...findCrossReferenceProblems(rules)];
  const summary: RulesSummary = { topics: Object.keys(rules.checklists).length, checklistItems: Object.keys(rules.items).length, patterns: countPatterns(rules) };
  const itemWords = new Map(Object.entries(rules.items).filter(([, item]) => item.present.words).map(([id, item]) => [id, indexEntries(item.present.words!, id)]));
  return problems.length ? { ok: false, problems, summary } : { ok: true, problems, summary, rules: { ...rules, itemWords } };
}

function findCrossReferenceProblems(rules: IntakeRules): string[] {
  const problems: string[] = [];
  for (const topic of TOPICS) if (!rules.checklists[topic]) problems.push(`checklists: missing topic "${topic}"`);
  for (const [topic, items] of Object.entries(rules.checklists)) {
    for (const item of items) if (!rules.items[item]) problems.push(`checklists.${topic}: unknown item "${item}" (not defined under items)`);
  }
  return problems;
}

function countPatterns(rules: IntakeRules): number {
  let n = 0;
  const walk = (value: unknown, inList: boolean): void => {
    if (typeof value === 'string') n += inList ? 1 : 0;
    else if (Array.isArray(value)) value.forEach((v) => walk(v, inList));
    else if (value && typeof value === 'object') for (const [key, v] of Object.entries(value)) walk(v, PATTERN_KEYS.has(key) || (inList && key === 're'));
  };
  walk(rules, false);
  return n;
}

/** Every pattern must compile; a broken regex is reported with its location. */
function findBadPatterns(rules: IntakeRules): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: string, inPatternList: boolean): void => {
    if (typeof value === 'string') {
      if (!inPatternList) return;
      try {
        new RegExp(value, 'iu');
      } catch (err) {
        problems.push(`${path}: invalid pattern ${JSON.stringify(value)} (${(err as Error).message})`);
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, inPatternList));
      return;
    }
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const isPatternKey = PATTERN_KEYS.has(key);
        walk(v, path ? `${path}.${key}` : key, isPatternKey || (inPatternList && key === 're'));
      }
    }
  };
  walk(rules, '', false);
  return problems;
}

const PATTERN_KEYS = new Set([
  'any', 'addressPatterns', 'letterDigit', 'introducers', 'listSeparator', 'excludeBefore', 'labels', 'references', 'clientParts', 'retract',
  'attachmentNames', 'vague', 'appliesWhen', 'poorSubjects',
]);
