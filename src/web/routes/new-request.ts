// "Submit a request" (the guide, section 3): type, summary, description, files, how to reach
// the person and the additional people to notify, in one form that works without JavaScript.
// Files can be added and removed before submitting: "Update" keeps the form as a draft (the
// files listed with a Remove box each); "Submit request" files it through ../submit-request.ts.
// A signed-out visitor signs in by link first, so the request is filed under a proven address.
// I/O: the draft store (Redis) and, on submit, the stores behind submitWebRequest.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestDrafts, sha256, type Draft, type DraftFields } from '../../adapters/queue/request-drafts.ts';
import { loadIntakeAssessor } from '../../stage-settings.ts';
import { cutFieldsOf, describeTooLong, keyValuesOf, MAX_FIELD_BYTES, MAX_FORM_FILES } from '../forms.ts';
import type { AssessIntake } from '../../inbound/pipeline.ts';
import { isFullAddress } from '../../tickets/commands.ts';
import { TICKET_TYPES, type TicketType } from '../../tickets/types.ts';
import { requireViewer, setFlash } from '../auth.ts';
import { submitWebRequest, webBrakeOf, type ContactPerson } from '../submit-request.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The id of the request this session is writing (see RequestDrafts). */
    requestDraft: string;
  }
}

/** The guide's three ways to ask, in its words. */
export const REQUEST_TYPES: { value: TicketType; label: string; hint: string }[] = [
  { value: 'issue', label: 'Report an Issue', hint: 'There is a problem on a page.' },
  { value: 'question', label: 'Ask a Question', hint: 'I have a question or request about a page.' },
  { value: 'suggestion', label: 'Make a Suggestion', hint: 'I have an idea on how to improve a page.' },
];

/** The most characters a request's description takes; more is refused and kept in the form, never cut. */
export const MAX_DESCRIPTION_CHARS = 20_000;
const MAX_PEOPLE = 10;
const SLOTS = 3;

type UploadedFile = Buffer & { filename?: string; mimetype?: string };

const text = (value: unknown, max: number): string => (typeof value === 'string' ? value : '').trim().slice(0, max);
const oneLine = (value: unknown, max: number): string => text(value, max).replace(/\s+/g, ' ');
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The form's fields as typed; nothing checked yet. */
function readFields(body: Record<string, unknown>): { fields: DraftFields; slots: number } {
  const slots = Math.min(MAX_PEOPLE, Math.max(SLOTS, Number(body.slots) || SLOTS));
  const additional: ContactPerson[] = [];
  for (let i = 0; i < slots; i++) {
    const person = { name: oneLine(body[`person-${i}-name`], 120), email: oneLine(body[`person-${i}-email`], 254).toLowerCase(), phone: oneLine(body[`person-${i}-phone`], 40) };
    if (person.name || person.email || person.phone) additional.push(person);
  }
  return {
    fields: {
      type: typeof body.type === 'string' && (TICKET_TYPES as readonly string[]).includes(body.type) ? body.type : '',
      summary: oneLine(body.summary, 200),
      // As typed (up to the server's field limit): one too long is refused in the form, not cut here.
      description: text(body.description, MAX_FIELD_BYTES),
      name: oneLine(body.name, 120),
      phone: oneLine(body.phone, 40),
      additional,
    },
    slots,
  };
}

/** What is missing or wrong before the request can be filed, one sentence each, keyed by field id. */
export function checkRequest(fields: DraftFields, viewerEmail: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!fields.type) problems.push({ field: 'type-issue', message: 'Choose what kind of request this is.' });
  if (!fields.summary) problems.push({ field: 'summary', message: 'Enter a summary of your issue.' });
  if (!fields.name) problems.push({ field: 'name', message: 'Enter your name.' });
  if (!fields.phone) problems.push({ field: 'phone', message: 'Enter a phone number we can reach you at.' });
  fields.additional.forEach((p, i) => {
    if (!isFullAddress(p.email)) problems.push({ field: `person-${i}-email`, message: `Enter an email address for additional person ${i + 1}${p.name ? ` (${p.name})` : ''}.` });
    else if (p.email === viewerEmail) problems.push({ field: `person-${i}-email`, message: `Additional person ${i + 1} is you: you get the ticket's mail anyway.` });
  });
  return problems;
}

export default async function newRequestRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app;
  const { config } = deps;
  const drafts = new RequestDrafts(deps.redis, config.QUEUE_PREFIX);
  const brake = webBrakeOf(config, deps.redis);
  const maxTotal = config.MAX_ATTACHMENT_MB * 1024 * 1024;
  let assessIntake: AssessIntake | null = null;

  async function currentDraft(request: FastifyRequest): Promise<Draft | null> {
    const id = request.session.get('requestDraft');
    return RequestDrafts.isDraftId(id) ? drafts.load(id) : null;
  }

  /** The ticket the session's draft was filed as, when it was. */
  async function submittedDraft(request: FastifyRequest): Promise<string | null> {
    const id = request.session.get('requestDraft');
    return RequestDrafts.isDraftId(id) ? drafts.submittedAs(id) : null;
  }

  function render(request: FastifyRequest, draft: Draft | null, slots: number, problems: { field: string; message: string }[] = []) {
    const viewer = request.viewer!;
    const fields = draft?.fields ?? { type: '', summary: '', description: '', name: viewer.name, phone: '', additional: [] };
    const people = [...fields.additional];
    while (people.length < Math.max(slots, fields.additional.length)) people.push({ name: '', email: '', phone: '' });
    return {
      title: 'Submit a request',
      types: REQUEST_TYPES,
      fields,
      people,
      files: (draft?.files ?? []).map((f) => ({ ...f, sizeText: f.size < 1024 ? `${f.size} bytes` : f.size < 1024 * 1024 ? `${Math.round(f.size / 1024)} KB` : `${(f.size / 1048576).toFixed(1)} MB` })),
      email: viewer.email,
      problems,
      problemFields: Object.fromEntries(problems.map((p) => [p.field, `problem-${p.field}`])),
      maxMb: config.MAX_ATTACHMENT_MB,
      maxDescription: MAX_DESCRIPTION_CHARS,
      canAddPeople: people.length < MAX_PEOPLE,
    };
  }

  app.get('/new', { preHandler: requireViewer }, async (request, reply) => {
    const draft = await currentDraft(request);
    return reply.page('new-request', render(request, draft, SLOTS));
  });

  app.post('/new', { preHandler: requireViewer, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (request, reply) => {
    const body = await keyValuesOf(request);
    const action = body.action === 'submit' ? 'submit' : body.action === 'discard' ? 'discard' : body.action === 'more' ? 'more' : 'update';
    const before = await currentDraft(request);
    // The same form sent again once its request was filed (a second click that left before the
    // first answer came back): the ticket the first made, not a second one.
    const filedAs = action === 'submit' && !before ? await submittedDraft(request) : null;
    if (filedAs) return reply.redirect(`/tickets/${encodeURIComponent(filedAs)}`, 303);
    if (action === 'discard') {
      if (before) await drafts.discard(before);
      request.session.set('requestDraft', undefined as unknown as string);
      setFlash(request, 'The request was discarded.');
      return reply.redirect('/new', 303);
    }
    const { fields, slots } = readFields(body);
    // An empty file input still sends a part with no name: those are no files.
    const uploads = list(body.files as UploadedFile | UploadedFile[] | undefined).filter((f): f is UploadedFile => Buffer.isBuffer(f) && Boolean(f.filename));
    const remove = list(body.remove as string | string[] | undefined).filter((v) => typeof v === 'string');
    const problems: { field: string; message: string }[] = [];
    const tooLong = describeTooLong(fields.description, cutFieldsOf(request).includes('description'), MAX_DESCRIPTION_CHARS, 'The description');
    if (tooLong) problems.push({ field: 'description', message: tooLong });
    const keptFiles = (before?.files ?? []).filter((f) => !remove.includes(f.id));
    let total = keptFiles.reduce((n, f) => n + f.size, 0);
    const accepted: { filename: string; contentType: string; content: Buffer }[] = [];
    for (const f of uploads) {
      if ((f as { truncated?: boolean }).truncated) {
        problems.push({ field: 'files', message: `${f.filename} was not added: it is larger than ${config.MAX_ATTACHMENT_MB} MB, the most one file may be.` });
        continue;
      }
      // The same file sent again (a page refreshed after "Add more people" or a refusal) is already in the draft.
      const digest = sha256(f);
      if (keptFiles.some((k) => k.sha256 === digest && k.filename === f.filename!.slice(0, 200)) || accepted.some((a) => sha256(a.content) === digest && a.filename === f.filename!.slice(0, 200))) continue;
      if (keptFiles.length + accepted.length >= MAX_FORM_FILES || total + f.length > maxTotal) {
        problems.push({ field: 'files', message: `${f.filename} was not added: a request holds at most ${MAX_FORM_FILES} files and ${config.MAX_ATTACHMENT_MB} MB in all.` });
        continue;
      }
      total += f.length;
      accepted.push({ filename: f.filename!.slice(0, 200), contentType: f.mimetype || 'application/octet-stream', content: f });
    }
    const draft = await drafts.save(before?.id ?? null, fields, remove, accepted);
    request.session.set('requestDraft', draft.id);
    if (action === 'more') return reply.page('new-request', render(request, draft, Math.min(MAX_PEOPLE, slots + SLOTS), problems));
    if (action === 'update') {
      if (problems.length) return reply.code(400).page('new-request', render(request, draft, slots, problems));
      setFlash(request, 'Your request is saved as a draft. Check it below, then submit it.');
      return reply.redirect('/new', 303);
    }
    problems.push(...checkRequest(fields, request.viewer!.email));
    if (problems.length) return reply.code(400).page('new-request', render(request, draft, slots, problems));
    // Files whose bytes expired with a draft left for hours are named, never filed without a word.
    const files = await drafts.contents(draft);
    const lost = draft.files.filter((f) => !files.some((c) => c.filename === f.filename && c.content.length === f.size));
    if (lost.length) {
      await drafts.save(draft.id, fields, lost.map((f) => f.id), []);
      const names = lost.map((f) => f.filename).join(', ');
      return reply.code(400).page('new-request', render(request, (await drafts.load(draft.id)) ?? draft, slots, [{ field: 'files', message: `The draft was kept too long for its files to be kept too (${names}): add them again, then submit.` }]));
    }
    assessIntake ??= loadIntakeAssessor(config);
    const viewer = request.viewer!;
    const result = await submitWebRequest({ config, db: deps.db, assessIntake, loadStaff: deps.loadStaff, relay: deps.relay, now: deps.now, brake }, {
      type: fields.type as TicketType,
      summary: fields.summary,
      description: fields.description,
      submitter: { email: viewer.email, name: fields.name, phone: fields.phone },
      additional: fields.additional,
      files,
    }, RequestDrafts.submissionKey(draft));
    if (result.kind === 'refused') {
      request.log.warn({ reason: result.reason }, 'web request refused');
      await drafts.markRefused(draft);
      return reply.code(422).page('new-request', render(request, draft, slots, [{ field: 'summary', message: `The request could not be filed: ${result.reason}` }]));
    }
    await drafts.markSubmitted(draft, result.ref);
    request.session.set('requestDraft', undefined as unknown as string);
    request.log.info({ ticketId: result.ticketId, outcome: 'created' }, 'web request filed');
    setFlash(request, `Your issue has been submitted and given the ID ${result.ref}. A confirmation is on its way by mail.`);
    return reply.redirect(`/tickets/${encodeURIComponent(result.ref)}`, 303);
  });
}
