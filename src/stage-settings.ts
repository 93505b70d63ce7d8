// Everything the pure stages take from outside, gathered at the edge: the pipeline's settings
// from the typed Config, and the intake rules and Help Center catalogue read from config/.
// I/O: reads those files once, when called at start.
import type { Config } from './config.ts';
import { makeIntakeAssessor } from './inbound/assess-intake.ts';
import type { AssessIntake, PipelineSettings } from './inbound/pipeline.ts';
import { loadArticleCatalogue } from './intake/articles.ts';
import { loadIntakeRules } from './intake/rules.ts';
import type { BrakeLimits } from './outbound/loop-brake.ts';

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
