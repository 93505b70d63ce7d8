// The type chosen on the request form is the ticket's, and intake follows it, whether the page files
// the form or the worker files what the page stored (recovered): "Ask A Question" about a caseload
// that will not take a client is asked for the client, not "When did the issue start" (an issue's
// question); "Make A Suggestion" is low priority and asked nothing, as intake's rule has it.
// Related: ../intake/type-chosen-on-the-form-decides-what-is-asked-and-the-priority.test.ts.
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { WEB_MAILBOX } from '../../src/inbound/web-mailbox.ts';
import { loadIntakeAssessor, pipelineSettings } from '../../src/stage-settings.ts';
import { composeRequestMail } from '../../src/web/submit-request.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { useWebRig } from './support.ts';

const ERIN = 'erin@example.test';
const rig = useWebRig();

const description = 'I can\'t add my client to my caseload. When I click Add to Caseload nothing happens.';
const filed = async (summary: string) => {
  const t = (await rig.database.db.select().from(tickets).where(eq(tickets.summary, summary)))[0]!;
  return { type: t.type, priority: t.priority, status: t.status, missingInfo: t.missingInfo };
};

describe('a request filed on the form', () => {
  it('is asked what the chosen type needs, and given its priority', async () => {
    const anchor = await rig.ticket(ERIN, 'Earlier request of erin');
    const erin = await rig.signedIn(ERIN, anchor.id);
    const post = (summary: string, type: string) => erin.post('/new', { action: 'submit', type, summary, description, name: 'Erin', phone: '555-0100' });

    expect((await post('Can\'t add client to caseload', 'question')).statusCode).toBe(303);
    const question = await filed('Can\'t add client to caseload');
    expect(question).toMatchObject({ type: 'question', priority: 'normal', status: 'waiting_for_response' });
    expect(question.missingInfo).toContain('client_id');
    expect(question.missingInfo).not.toContain('when_started');

    expect((await post('Caseload should take clients in one click', 'suggestion')).statusCode).toBe(303);
    expect(await filed('Caseload should take clients in one click')).toEqual({ type: 'suggestion', priority: 'low', status: 'new', missingInfo: [] });
  });

  it('is assessed by the chosen type when the worker files what the page stored', async () => {
    const raw = await composeRequestMail({
      type: 'question', summary: 'Client will not go on my caseload', description,
      submitter: { name: 'Erin', email: ERIN, phone: '' }, additional: [], files: [],
    }, rig.config, new Date());
    const stored = await new InboundStore(rig.database.db).store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: 5151, raw });
    expect(await processMail({
      db: rig.database.db, inbound: new InboundStore(rig.database.db), tickets: rig.store, settings: pipelineSettings(rig.config, []),
      assessIntake: loadIntakeAssessor(rig.config), maxAttachmentBytes: rig.config.MAX_ATTACHMENT_MB * 1024 * 1024,
      log: pino({ level: 'silent' }), afterChange: async () => {},
    }, stored.id)).toBe('created');
    const recovered = await filed('Client will not go on my caseload');
    expect(recovered.type).toBe('question');
    expect(recovered.missingInfo).not.toContain('when_started');
  });
});
