// Everything the pure stages take from outside, gathered at the edge: the pipeline's settings
// from the typed Config, and the intake rules and Help Center catalogue read from config/.
// I/O: reads those files once, when called at start.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.ts';
import { makeIntakeAssessor } from './inbound/assess-intake.ts';
import type { AssessIntake, PipelineSettings } from './inbound/pipeline.ts';
import { loadArticleCatalogue } from './intake/articles.ts';
import { forwardingRoutes } from './intake/routes.ts';
import type { ItemModels } from './intake/item-models.ts';
import { assembleIntakeRules, checkRulesText, ITEM_MODELS_FILE_NAME, MODEL_FILE_NAME, parseIntakeModel, VOCABULARY_FILE_NAME, type IntakeModel, type IntakeRules, type RulesCheck } from './intake/rules.ts';
import { checkVocabularyText, type Vocabulary } from './intake/vocabulary.ts';
import type { BrakeLimits } from './outbound/loop-brake.ts';
import { projectPath } from './project-files.ts';

export { ITEM_MODELS_FILE_NAME, MODEL_FILE_NAME, VOCABULARY_FILE_NAME } from './intake/rules.ts';

export const DEFAULT_RULES_PATH = projectPath('config', 'intake-rules.yaml');

/**
 * Reads the intake rules, the vocabulary beside them and (unless withModel is false) the trained
 * models (route, topic, type, priority; and the checklist item models when their file is there); modelFrom reuses another rule set's model (to compare a proposed vocabulary with the same model).
 */
export function loadIntakeRules(path: string = DEFAULT_RULES_PATH, options: { withModel?: boolean; vocabularyPath?: string; modelFrom?: IntakeRules } = {}): IntakeRules {
  const vocabulary = readFileSync(options.vocabularyPath ?? join(dirname(path), VOCABULARY_FILE_NAME), 'utf8');
  const modelPath = join(dirname(path), MODEL_FILE_NAME);
  const itemModelsPath = join(dirname(path), ITEM_MODELS_FILE_NAME);
  const model: string | IntakeModel | undefined = options.withModel === false ? undefined
    : options.modelFrom ? options.modelFrom.model : existsSync(modelPath) ? readFileSync(modelPath, 'utf8') : undefined;
  const itemModels: string | ItemModels | undefined = options.withModel === false ? undefined
    : options.modelFrom ? options.modelFrom.itemModels : existsSync(itemModelsPath) ? readFileSync(itemModelsPath, 'utf8') : undefined;
  return assembleIntakeRules({ rules: readFileSync(path, 'utf8'), vocabulary, ...(model ? { model } : {}), ...(itemModels ? { itemModels } : {}) }, path);
}

/** The trained models, when the file exists. */
export function loadIntakeModel(path: string): IntakeModel | undefined {
  return existsSync(path) ? parseIntakeModel(readFileSync(path, 'utf8'), path) : undefined;
}

/** The vocabulary file alone, checked. */
export function loadVocabulary(path: string = join(dirname(DEFAULT_RULES_PATH), VOCABULARY_FILE_NAME)): Vocabulary {
  const checked = checkVocabularyText(readFileSync(path, 'utf8'));
  if (!checked.vocabulary) throw new Error(`Invalid intake vocabulary in ${path}:\n- ${checked.problems.join('\n- ')}`);
  return checked.vocabulary;
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

/** The mail limits from the service config. */
export function brakeLimitsOf(config: Config): BrakeLimits {
  return {
    repliesPerTicketPerHour: config.LOOP_REPLIES_PER_TICKET_PER_HOUR,
    quickReplySeconds: config.LOOP_QUICK_REPLY_SECONDS,
    newRequestsPerSenderPerHour: config.NEW_REQUESTS_PER_SENDER_PER_HOUR,
    adminNoticesPerHour: config.ADMIN_NOTICES_PER_HOUR,
  };
}

/** The pipeline's settings from the service config; `staff` are the people #assign may name. */
export function pipelineSettings(config: Config, staff: { email: string; name: string }[]): PipelineSettings {
  return {
    helpdeskAddress: config.HELPDESK_ADDRESS,
    adminEmails: config.ADMIN_EMAILS,
    supportAddress: config.SUPPORT_ADDRESS,
    routes: forwardingRoutes(config),
    reopenDays: config.REOPEN_DAYS,
    maxAttachmentBytes: config.MAX_ATTACHMENT_MB * 1024 * 1024,
    staff,
    systemName: config.SYSTEM_NAME,
    prefix: config.TICKET_PREFIX,
    secretKey: config.SECRET_KEY,
    secretKeyPrevious: config.SECRET_KEY_PREVIOUS,
    replyAddressDays: config.REPLY_ADDRESS_DAYS,
  };
}

/** The intake assessment, with its rules and catalogue read from their files now. */
export function loadIntakeAssessor(config: Pick<Config, 'MACCH_ADDRESS' | 'NMIS_ADDRESS'>): AssessIntake {
  return makeIntakeAssessor(loadIntakeRules(), loadArticleCatalogue(), { macch: config.MACCH_ADDRESS, nmis: config.NMIS_ADDRESS });
}

/**
 * The intake assessment for a thread that mostly reads replies: the rules and catalogue now, the
 * trained models (what only a new request needs: 10 MB of weights, a second or more to read and
 * about 50 MB of heap) when the first request is read. A reply is judged by the rules alone
 * (missing-info.ts recheckMissingInfo), so its answer is the same as with the models loaded.
 */
export function loadIntakeAssessorModelsOnDemand(config: Pick<Config, 'MACCH_ADDRESS' | 'NMIS_ADDRESS'>): AssessIntake {
  const catalogue = loadArticleCatalogue();
  const forwardTo = { macch: config.MACCH_ADDRESS, nmis: config.NMIS_ADDRESS };
  const forReplies = makeIntakeAssessor(loadIntakeRules(DEFAULT_RULES_PATH, { withModel: false }), catalogue, forwardTo);
  let forRequests: AssessIntake | undefined;
  return {
    request: (msg, replyText, chosenType) => (forRequests ??= makeIntakeAssessor(loadIntakeRules(), catalogue, forwardTo)).request(msg, replyText, chosenType),
    reply: (msg, replyText, ticket) => forReplies.reply(msg, replyText, ticket),
  };
}
