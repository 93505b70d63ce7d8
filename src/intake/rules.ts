// Loads and checks the intake rules file (config/intake-rules.yaml): the vocabulary, weights,
// boundary rules, priority signals and missing-info checklists the classifier applies.
// I/O: reads one file from disk; everything else here is pure validation with zod.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { LinearModel } from './linear-model.ts';
import { loadVocabulary, type Vocabulary } from './vocabulary.ts';

export const ROUTES = ['ica_helpdesk', 'macch', 'nmis', 'vendor_direct', 'self_service'] as const;
export type Route = (typeof ROUTES)[number];

export const TOPICS = [
  'new_user_training', 'client_record', 'reports', 'merge_request', 'provider_configuration',
  'new_agency_program', 'migration_question', 'workflow_data_entry', 'data_quality', 'system_error',
  'login_password_account', 'hud_report_submission', 'security_training', 'coordinated_entry_config', 'other',
] as const;
export type Topic = (typeof TOPICS)[number];

export const REQUEST_TYPES = ['issue', 'question', 'suggestion'] as const;
export const PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'] as const;

export const DEFAULT_RULES_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../config/intake-rules.yaml');

/** A regular expression source (matched case-insensitively, accents ignored) or the long form. */
const patternSchema = z.union([
  z.string().min(1),
  z.object({ re: z.string().min(1), caseSensitive: z.boolean().default(false) }).strict(),
]);
export type PatternSpec = z.infer<typeof patternSchema>;

const conditionSchema = z
  .object({
    route: z.array(z.enum(ROUTES)).optional(),
    topic: z.array(z.enum(TOPICS)).optional(),
    type: z.array(z.enum(REQUEST_TYPES)).optional(),
    addressedToVendor: z.boolean().optional(),
  })
  .strict();

/** Where a signal looks: subject and body without signature (default), subject only, or everything incl. signature. */
const scopeSchema = z.enum(['content', 'subject', 'all']).default('content');

const matcherShape = {
  any: z.array(patternSchema).optional(),
  all: z.array(z.array(patternSchema).min(1)).optional(),
  none: z.array(patternSchema).optional(),
  in: scopeSchema,
  when: conditionSchema.optional(),
};

const signalSchema = z
  .object({ id: z.string().optional(), ...matcherShape, add: z.record(z.string(), z.number()) })
  .strict();
export type Signal = z.infer<typeof signalSchema>;

const prioritySignalSchema = z
  .object({ id: z.string().optional(), ...matcherShape, level: z.enum(PRIORITY_LEVELS) })
  .strict();

const detectSchema = z
  .object({
    any: z.array(patternSchema).optional(),
    /** A match is ignored when the text just before it (same sentence) matches one of these. */
    rejectBefore: z.array(patternSchema).optional(),
    in: scopeSchema,
    clientIdsAtLeast: z.number().int().positive().optional(),
    attachmentNames: z.array(patternSchema).optional(),
    /** Counts as present when, after removing vague phrases and filler words, this many words remain. */
    minContentWords: z.number().int().positive().optional(),
    vague: z.array(patternSchema).optional(),
    names: z.boolean().optional(),
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
    version: z.literal(1),
    routes: z.record(
      z.enum(ROUTES),
      z.object({ handler: z.string().min(1), explanation: z.string().min(1) }).strict(),
    ),
    vendor: z.object({ addressPatterns: z.array(patternSchema).min(1) }).strict(),
    route: z.object({ base: z.record(z.enum(ROUTES), z.number()), signals: z.array(signalSchema) }).strict(),
    topic: z.object({ base: z.record(z.enum(TOPICS), z.number()), signals: z.array(signalSchema) }).strict(),
    type: z.object({ base: z.record(z.enum(REQUEST_TYPES), z.number()), signals: z.array(signalSchema) }).strict(),
    priority: z
      .object({
        signals: z.array(prioritySignalSchema),
        deadline: z
          .object({ level: z.enum(PRIORITY_LEVELS), withinDays: z.number().int().positive(), cue: z.array(patternSchema).min(1), soon: z.array(patternSchema) })
          .strict(),
      })
      .strict(),
    clientIds: z
      .object({
        letterDigit: patternSchema,
        introducers: z.array(patternSchema).min(1),
        listSeparator: patternSchema,
        excludeBefore: z.array(patternSchema),
        csvColumn: patternSchema,
      })
      .strict(),
    signature: z.object({ closings: z.array(patternSchema), nameStopwords: z.array(z.string()) }).strict(),
    fillerWords: z.array(z.string()),
    checklists: z.record(z.enum(TOPICS), z.array(z.string())),
    items: z.record(z.string(), itemSchema),
    missingInfoRoutes: z.array(z.enum(ROUTES)),
    summary: z.object({ poorSubjects: z.array(patternSchema).min(1), topicPhrases: z.record(z.enum(TOPICS), z.string()) }).strict(),
  })
  .strict();

/** The rules file as validated, plus the vocabulary and the trained model read next to it. */
export type IntakeRules = z.infer<typeof rulesSchema> & { vocabulary?: Vocabulary; model?: IntakeModel };

/** The trained linear models (config/intake-model.json, written by `npm run intake:train -- --write`). */
export interface IntakeModel {
  trainedOn: string[];
  count: number;
  models: { route: LinearModel; topic: LinearModel; type: LinearModel };
}

export interface RulesSummary {
  routes: number;
  topics: number;
  signals: number;
  prioritySignals: number;
  checklistItems: number;
}

export interface RulesCheck {
  ok: boolean;
  problems: string[];
  summary: RulesSummary | null;
}

/** Reads and validates the rules, the vocabulary and (unless withModel is false) the model next to them; throws one Error listing every problem. */
export function loadIntakeRules(path: string = DEFAULT_RULES_PATH, options: { withModel?: boolean; vocabularyPath?: string; modelFrom?: IntakeRules } = {}): IntakeRules {
  const check = checkRulesText(readFileSync(path, 'utf8'), path);
  if (!check.ok || !check.rules) throw new Error(`Invalid intake rules in ${path}:\n- ${check.problems.join('\n- ')}`);
  const vocabulary = loadVocabulary(options.vocabularyPath ?? join(dirname(path), VOCABULARY_FILE_NAME));
  const model = options.withModel === false ? undefined : options.modelFrom ? options.modelFrom.model : loadIntakeModel(join(dirname(path), MODEL_FILE_NAME));
  return { ...check.rules, vocabulary, ...(model ? { model } : {}) };
}

export const MODEL_FILE_NAME = 'intake-model.json';
export const VOCABULARY_FILE_NAME = 'intake-vocabulary.yaml';

/** Reads the model file when it exists; a missing file means vocabulary and rules only. */
export function loadIntakeModel(path: string): IntakeModel | undefined {
  if (!existsSync(path)) return undefined;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as IntakeModel;
  for (const field of ['route', 'topic', 'type'] as const) {
    const m = raw.models?.[field];
    if (!m?.labels?.length || !m.weights || typeof m.temperature !== 'number') throw new Error(`Invalid intake model "${field}" in ${path}`);
  }
  return raw;
}

/** For `deskmail rules check`: never throws; lists every problem found. */
export function checkIntakeRules(path: string = DEFAULT_RULES_PATH): RulesCheck {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, problems: [`cannot read ${path}: ${(err as Error).message}`], summary: null };
  }
  const { ok, problems, summary } = checkRulesText(text, path);
  return { ok, problems, summary };
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
  const summary: RulesSummary = {
    routes: Object.keys(rules.routes).length,
    topics: Object.keys(rules.checklists).length,
    signals: rules.route.signals.length + rules.topic.signals.length + rules.type.signals.length,
    prioritySignals: rules.priority.signals.length,
    checklistItems: Object.keys(rules.items).length,
  };
  return problems.length ? { ok: false, problems, summary } : { ok: true, problems, summary, rules };
}

function findCrossReferenceProblems(rules: IntakeRules): string[] {
  const problems: string[] = [];
  for (const route of ROUTES) if (!rules.routes[route]) problems.push(`routes: missing route "${route}"`);
  for (const topic of TOPICS) if (!rules.checklists[topic]) problems.push(`checklists: missing topic "${topic}"`);
  for (const topic of TOPICS) if (!rules.summary.topicPhrases[topic]) problems.push(`summary.topicPhrases: missing topic "${topic}"`);
  for (const [topic, items] of Object.entries(rules.checklists)) {
    for (const item of items) if (!rules.items[item]) problems.push(`checklists.${topic}: unknown item "${item}" (not defined under items)`);
  }
  const stages: [string, readonly string[], Signal[]][] = [
    ['route', ROUTES, rules.route.signals],
    ['topic', TOPICS, rules.topic.signals],
    ['type', REQUEST_TYPES, rules.type.signals],
  ];
  for (const [stage, labels, signals] of stages) {
    signals.forEach((signal, i) => {
      const where = `${stage}.signals[${i}]${signal.id ? ` (${signal.id})` : ''}`;
      if (!signal.any && !signal.all) problems.push(`${where}: needs "any" or "all" patterns`);
      for (const label of Object.keys(signal.add)) {
        if (!labels.includes(label)) problems.push(`${where}: adds to unknown ${stage} "${label}"`);
      }
    });
  }
  return problems;
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
  'any', 'all', 'none', 'addressPatterns', 'cue', 'soon', 'letterDigit', 'introducers', 'listSeparator',
  'excludeBefore', 'csvColumn', 'closings', 'rejectBefore', 'attachmentNames', 'vague', 'appliesWhen', 'poorSubjects',
]);
