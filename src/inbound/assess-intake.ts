// Loads the intake rules and Help Center catalogue once (config/) and returns the pure
// assessment the pipeline runs on each new request: classification, questions for missing
// items, a better summary, articles, and where a routed request goes; and, for a reply to a
// ticket that waits for information, which asked-for items are still missing. I/O: reads files at start.
import type { Config } from '../config.ts';
import { loadArticleCatalogue, findArticles, type ArticleCatalogue } from '../intake/articles.ts';
import { classifyRequest } from '../intake/classify.ts';
import { describeMissingItem, recheckMissingInfo, type AskedTicket } from '../intake/missing-info.ts';
import { explainRoute } from '../intake/routes.ts';
import { loadIntakeRules, type IntakeRules } from '../intake/rules.ts';
import { improveSummary } from '../intake/summary.ts';
import { toIntakeInput } from '../intake/evaluation.ts';
import type { IntakeAssessment } from './decide.ts';
import type { AssessIntake } from './pipeline.ts';
import type { ParsedMessage } from './types.ts';

export function assessRequest(msg: ParsedMessage, rules: IntakeRules, catalogue: ArticleCatalogue, forwardTo: { macch: string | null; nmis: string | null }): IntakeAssessment {
  const input = toIntakeInput(msg);
  const c = classifyRequest(input, rules);
  const explanation = explainRoute(c.route, rules);
  const forwarded = c.route === 'macch' || c.route === 'nmis';
  return {
    route: c.route,
    topic: c.topic,
    type: c.type as IntakeAssessment['type'],
    priority: c.priority as IntakeAssessment['priority'],
    clientIds: c.clientIds,
    missingInfo: c.missingInfo,
    missingQuestions: c.missingInfo.map((item) => describeMissingItem(item, rules)),
    summary: improveSummary(msg.subject, c, rules),
    articles: c.route === 'self_service' ? findArticles(input, c, catalogue).map((a) => ({ title: a.title, url: a.url })) : [],
    routedTo: forwarded && explanation ? { name: explanation.handler, why: explanation.explanation, address: forwardTo[c.route as 'macch' | 'nmis'] } : null,
    vendorNotice: c.route === 'vendor_direct' && explanation ? explanation.explanation : null,
  };
}

export async function loadIntakeAssessor(config: Pick<Config, 'MACCH_ADDRESS' | 'NMIS_ADDRESS'>): Promise<AssessIntake> {
  const rules = loadIntakeRules();
  const catalogue = loadArticleCatalogue();
  const forwardTo = { macch: config.MACCH_ADDRESS, nmis: config.NMIS_ADDRESS };
  const assess: AssessIntake = (msg) => assessRequest(msg, rules, catalogue, forwardTo);
  assess.recheckMissingInfo = (msg, replyText, ticket) => recheckReply(msg, replyText, ticket, rules);
  return assess;
}

/** The items a ticket waits for that a reply (its new text, subject and files) still leaves out. */
export function recheckReply(msg: ParsedMessage, replyText: string, ticket: AskedTicket, rules: IntakeRules): string[] {
  const input = { ...toIntakeInput(msg), text: replyText };
  return recheckMissingInfo(input, ticket, rules);
}
