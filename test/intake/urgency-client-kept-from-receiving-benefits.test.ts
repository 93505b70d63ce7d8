// A client kept from receiving benefits, services, assistance or housing ("is being held up from receiving
// benefits", "can't receive", "is unable to receive", "no puede recibir sus beneficios") makes a request urgent
// without any time pressure: the guide gives tickets that hold up clients from receiving benefits the highest
// priority, and an urgent request is asked no questions. Only when the client (a person, a pronoun, "two of our
// clients") is the one kept from them in the same clause: not a purpose or a condition ("to make sure clients
// don't lose benefits", "if a client is unable to"), clients in general ("clients who can't"), a how-to, a
// question about eligibility, the staff's own trouble, a screen or report named after benefits, a block told as
// past or resolved, or one the sender says is no rush.
// Judged with the model's urgent probability held low, so the rule carries the judgement.
import { describe, expect, it } from 'vitest';
import { assessRequest } from '../../src/inbound/assess-intake.ts';
import { loadArticleCatalogue } from '../../src/intake/articles.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { judgeUrgency } from '../../src/intake/urgency.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules();
const judged = (text: string): boolean => judgeUrgency(text, { topic: 'client_record', type: 'issue' }, rules.vocabulary!, 0.05).urgent;

describe('urgent: a client kept from receiving a benefit, with no time said', () => {
  it.each([
    ['held up from receiving', "Income won't save\n\nClient ABCD123456 is being held up from receiving benefits because his income record won't save on the Income screen. It started yesterday."],
    ['cannot receive', "Income won't save\n\nClient ABCD123456 can't receive benefits because his income record won't save on the Income screen."],
    ['unable to receive', 'Enrollment\n\nMy client ABCD123456 is unable to receive benefits until his enrollment is fixed.'],
    ['blocked from getting', 'SNAP\n\nMr. Haddad has been blocked from getting his SNAP benefits since his two profiles were merged.'],
    ['kept from receiving assistance', 'Wrong head of household\n\nThe Ortiz family is kept from receiving housing assistance because the household screen shows the wrong head of household.'],
    ['has not been able to get', 'Exit date\n\nShe hasn\'t been able to get her services from the county because her enrollment shows an exit date.'],
    ['our clients cannot', 'Disability records\n\nTwo of our clients cannot receive benefits because their disability records disappeared after the update.'],
    ['keeping him from', 'Discharge status\n\nThe discharge status error is keeping him from receiving VA services.'],
    ['no puede recibir', 'Ingresos\n\nLa clienta ABCD123456 no puede recibir sus beneficios porque su registro de ingresos no se guarda.'],
    ['no ha podido cobrar', 'Perfil\n\nMi cliente no ha podido cobrar su asistencia porque el perfil tiene dos fechas de nacimiento.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(true);
  });
});

describe('not urgent: benefits named, but no client of the sender kept from them now', () => {
  it.each([
    ['a purpose', 'Income fields\n\nCan you check our income fields to make sure clients don\'t lose benefits at recertification?'],
    ['a question about eligibility', 'Eligibility\n\nI have a question about benefits eligibility for clients in the RRH program.'],
    ['a how-to about any client', 'Recording\n\nHow do I record that a client can\'t receive benefits until the income is verified?'],
    ['clients in general', 'Income\n\nClients can\'t receive benefits if their income is missing, so please check the intake form.'],
    ['a condition', 'Programs\n\nIf a client is unable to receive benefits, which program should we enroll them in?'],
    ['clients who', 'Referrals\n\nClients who are unable to receive benefits should be referred to the benefits navigator.'],
    ['would', 'Exit\n\nWould the client be unable to receive benefits if we exit him from the program?'],
    ['the staff', 'Report\n\nI can\'t get the benefits report to run for my clients.'],
    ['the staff receiving a file', 'File\n\nWe are unable to receive the benefits file from the state this month.'],
    ['a screen', 'Tab\n\nShe can\'t access the benefits tab on her profile anymore.'],
    ['told as past and fixed', 'Old issue\n\nLast year the client was unable to receive benefits for two months, but that was fixed.'],
    ['resolved', 'Update\n\nOur client was held up from receiving benefits. It is resolved now, thank you.'],
    ['kept on getting', 'Services\n\nShe keeps getting services from us even though her enrollment was exited.'],
    ['a portal', 'Portal\n\nMy client can\'t access the benefits portal with his new password.'],
    ['no rush', 'Review\n\nMy client can\'t receive benefits until his review in June, which is expected. No rush on this question.'],
  ])('%s', (_name, text) => {
    expect(judged(text)).toBe(false);
  });
});

const asMail = (subject: string, text: string): ParsedMessage => ({
  messageId: null, inReplyTo: [], references: [], subject, from: null, to: [], cc: [], replyTo: [], deliveredTo: [], date: null,
  text, html: null, headers: {}, contentType: 'text/plain', contentTypeParams: {}, attachments: [],
});

describe('a new request about a client kept from benefits', () => {
  it('is urgent and asks nothing', () => {
    const a = assessRequest(asMail("Income won't save", "Client ABCD123456 is being held up from receiving benefits because his income record won't save on the Income screen. It started yesterday."),
      rules, loadArticleCatalogue(), { macch: null, nmis: null });
    expect(a).toMatchObject({ priority: 'urgent', missingInfo: [], missingQuestions: [], clientIds: ['ABCD123456'] });
    expect(a.urgentReason).toMatch(/benefits/);
  });
});
