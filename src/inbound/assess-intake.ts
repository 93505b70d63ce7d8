// The assessment the pipeline runs on each new request, from the intake rules and Help Center
// catalogue it is given: classification, questions for missing items, a better summary,
// articles, and where a routed request goes; and, for a reply to a ticket that waits for
// information, which asked-for items are still missing. Pure: the edge reads the files.
import { findArticles, type ArticleCatalogue } from '../intake/articles.ts';
import { classifyRequest } from '../intake/classify.ts';
import { describeMissingItem, recheckMissingInfo, type AskedTicket } from '../intake/missing-info.ts';
import { ROUTES } from '../intake/labels.ts';
import { explainRoute, routedToOf, routeHandler } from '../intake/routes.ts';
import type { ForwardedRoute, TicketType } from '../tickets/types.ts';
import type { IntakeRules } from '../intake/rules.ts';
import { improveSummary } from '../intake/summary.ts';
import { extractClientIds } from '../intake/client-ids.ts';
import { toIntakeInput } from './intake-input.ts';
import type { Classification, Route } from '../intake/types.ts';
import type { IntakeAssessment, ReplyAssessment } from './decide.ts';
import type { AssessIntake } from './pipeline.ts';
import type { ParsedMessage } from './types.ts';

/** Never more than this many questions about missing information in one mail. */
const MAX_QUESTIONS = 3;

/** Below this calibrated probability for its own answer, intake names the runner-up to the admins. */
const SURE_ENOUGH = 0.7;

/** `chosenType`: the type the person chose on the request form (IntakeInput.chosenType); null for mail. */
export function assessRequest(msg: ParsedMessage, rules: IntakeRules, catalogue: ArticleCatalogue, forwardTo: { macch: string | null; nmis: string | null }, chosenType: TicketType | null = null): IntakeAssessment {
  const input = { ...toIntakeInput(msg), ...(chosenType ? { chosenType } : {}) };
  const classified = classifyRequest(input, rules);
  const c = { ...classified, missingInfo: itemsToAsk(classified) };
  const explanation = explainRoute(c.route);
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
    routedTo: forwarded ? routedToOf(c.route as ForwardedRoute, forwardTo[c.route as ForwardedRoute]) : null,
    vendorNotice: c.route === 'vendor_direct' && explanation ? explanation.explanation : null,
    urgentReason: c.priority === 'urgent' ? (c.urgentReason ?? null) : null,
    unsure: describeDoubt(c),
  };
}

/** The missing items to ask about: none for an urgent request (never held up waiting for answers), otherwise at most three. */
export function itemsToAsk(c: Pick<Classification, 'priority' | 'missingInfo'>): string[] {
  return c.priority === 'urgent' ? [] : c.missingInfo.slice(0, MAX_QUESTIONS);
}

/** "route: ICA Help Desk, maybe MACCH; topic: reports, maybe system_error" for the fields the model doubts. */
export function describeDoubt(c: Classification): string | null {
  const name = (field: string, label: string): string => (field === 'route' ? (ROUTES as readonly string[]).includes(label) ? routeHandler(label as Route) : label : label);
  const doubts = (['route', 'topic'] as const).flatMap((field) => {
    const conf = c.confidence?.[field];
    if (!conf || conf.probability >= SURE_ENOUGH || !conf.runnerUp) return [];
    const runnerUp = field === 'route' && name('route', conf.runnerUp) === name('route', c.route) ? conf.runnerUp : name(field, conf.runnerUp);
    return [`${field}: ${name(field, c[field])}, maybe ${runnerUp}`];
  });
  return doubts.length ? doubts.join('; ') : null;
}

/** The assessment over the given rules and catalogue; `forwardTo` are the organisations' addresses. */
export function makeIntakeAssessor(rules: IntakeRules, catalogue: ArticleCatalogue, forwardTo: { macch: string | null; nmis: string | null }): AssessIntake {
  return {
    request: (msg, _replyText, chosenType) => assessRequest(msg, rules, catalogue, forwardTo, chosenType ?? null),
    reply: (msg, replyText, ticket) => assessReply(msg, replyText, ticket, rules),
  };
}

/**
 * A reply on a ticket: the client IDs its new text and the names of its files give (as a new request's are found), and
 * the asked-for items it still leaves out: an ID that answers the question also joins the ticket.
 */
export function assessReply(msg: ParsedMessage, replyText: string, ticket: AskedTicket, rules: IntakeRules): ReplyAssessment {
  const input = { ...toIntakeInput(msg), text: replyText };
  return {
    stillMissing: ticket.missingInfo.length > 0 ? recheckMissingInfo(input, ticket, rules) : null,
    clientIds: extractClientIds({ subject: '', text: replyText, attachments: input.attachments, attachmentTexts: input.attachmentTexts }, rules.clientIds),
  };
}
