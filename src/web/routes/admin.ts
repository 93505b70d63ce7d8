// The admin queue (staff only): every ticket, urgent and oldest first, with filters, counts per
// status, search (also by submitter) and an Assign form per row; and the mail that needs an
// admin: quarantined messages (show, retry, drop) and undeliverable addresses, through the same
// steps as the CLI. I/O: the ticket-queries adapter, the inbound store, the process-mail queue.
import type { FastifyInstance } from 'fastify';
import { InboundStore } from '../../adapters/db/inbound-store.ts';
import { countByStatus, listTickets, totalOf, listUndeliverable, listHeldByLimits, queueChoices } from '../../adapters/db/ticket-queries.ts';
import { openQueues, type Queues } from '../../adapters/queue/queues.ts';
import { formatWhen } from '../../tickets/shown-time.ts';
import { PRIORITIES } from '../../tickets/types.ts';
import { describeHeldMessage, dropHeldMessage, markDeliverable, retryHeldMessage } from '../../workers/held-mail.ts';
import { assignFromQueue } from '../assign-from-queue.ts';
import { requireStaff, setFlash } from '../auth.ts';
import { showError } from '../pages.ts';
import { pageHref, pagingOf, readListQuery, STATUS_FILTER, toFilter, toRowView } from '../ticket-list-view.ts';

export const QUEUE_PER_PAGE = 50;

const back = (value: unknown): string => (typeof value === 'string' && /^\/admin(\?[\x21-\x7e]*)?$/.test(value) && value.length < 600 ? value : '/admin');

export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app;
  const { db, config } = deps;
  const inbound = new InboundStore(db);
  let queues: Queues | null = null;
  app.addHook('onClose', async () => { await queues?.close(); });

  app.get('/admin', { preHandler: requireStaff }, async (request, reply) => {
    const query = readListQuery(request.query);
    const filter = toFilter(query, true);
    const counts = await countByStatus(db, filter);
    const [list, choices, staff, held] = await Promise.all([
      listTickets(db, filter, 'queue', query.page, QUEUE_PER_PAGE, totalOf(counts, filter.statuses)),
      queueChoices(db),
      deps.loadStaff(),
      inbound.listQuarantined(),
    ]);
    return reply.page('admin-queue', {
      title: 'Admin queue',
      query,
      // Each count is of the tickets the other filters leave, and its link shows those: its status, the same filters, page 1.
      statuses: STATUS_FILTER.map((s) => ({ ...s, checked: query.statuses.includes(s.value), count: counts[s.value] ?? 0, href: pageHref('/admin', { ...query, statuses: [s.value] }, 1) })),
      priorities: PRIORITIES,
      choices,
      staff: staff.staff,
      rows: list.rows.map((row) => toRowView(row, { helpdeskAddress: config.HELPDESK_ADDRESS, timeZone: config.TIME_ZONE })),
      paging: pagingOf('/admin', query, list),
      here: request.url.length < 600 ? request.url : '/admin',
      heldCount: held.length,
    });
  });

  app.post('/admin/assign', { preHandler: requireStaff }, async (request, reply) => {
    const body = (request.body ?? {}) as { ref?: unknown; assignee?: unknown; back?: unknown };
    const ref = typeof body.ref === 'string' ? body.ref.trim() : '';
    const assignee = typeof body.assignee === 'string' ? body.assignee.trim() : '';
    if (!ref || !assignee) {
      setFlash(request, 'Choose a ticket and the person to assign it to.');
      return reply.redirect(back(body.back), 303);
    }
    const result = await assignFromQueue(deps, request.viewer!, ref, assignee);
    request.log.info({ outcome: result.kind, route: '/admin/assign' }, 'queue assignment');
    setFlash(request, result.kind === 'assigned' ? `Issue ${result.ref} has been assigned to ${assignee}.` : `Issue ${ref} was not assigned: ${result.reason}`);
    return reply.redirect(back(body.back), 303);
  });

  app.get('/admin/mail', { preHandler: requireStaff }, async (request, reply) => {
    const [held, undeliverable, limited] = await Promise.all([inbound.listQuarantined(), listUndeliverable(db), listHeldByLimits(db)]);
    return reply.page('admin-mail', {
      title: 'Held mail and undeliverable addresses',
      held: held.slice(0, 200).map((h) => ({ ...h, receivedIso: h.receivedAt.toISOString(), received: formatWhen(h.receivedAt, config.TIME_ZONE) })),
      limited: limited.map((m) => ({ ...m, atIso: m.at.toISOString(), at: formatWhen(m.at, config.TIME_ZONE) })),
      undeliverable: undeliverable.map((p) => ({ ...p, sinceIso: p.since.toISOString(), since: formatWhen(p.since, config.TIME_ZONE) })),
    });
  });

  app.get('/admin/mail/:id', { preHandler: requireStaff }, async (request, reply) => {
    const message = await describeHeldMessage(inbound, Number((request.params as { id: string }).id));
    if (!message) return showError(reply.code(404), 404, 'There is no such stored message.');
    return reply.page('admin-held-message', { title: `Stored message #${message.id}`, message });
  });

  app.post('/admin/mail/:id/retry', { preHandler: requireStaff }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    queues ??= openQueues(config.REDIS_URL, config.QUEUE_PREFIX, { attempts: config.JOB_ATTEMPTS });
    const outcome = await retryHeldMessage(inbound, queues.processMail, id);
    request.log.info({ inboundId: id, outcome: outcome === 'queued' ? 'retried' : outcome }, 'held mail retry');
    setFlash(request, outcome === 'queued' ? `Message #${id} is queued for processing again.`
      : outcome === 'fetch-again' ? `Message #${id} was never downloaded: it is fetched again from the mail server on the next fetch.`
        : `Message #${id} is not in quarantine.`);
    return reply.redirect('/admin/mail', 303);
  });

  app.post('/admin/mail/:id/drop', { preHandler: requireStaff }, async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    const done = await dropHeldMessage(inbound, id, request.viewer!.email);
    request.log.info({ inboundId: id, outcome: done ? 'dropped' : 'not-held' }, 'held mail drop');
    setFlash(request, done ? `Message #${id} is dropped: kept, never processed.` : `Message #${id} is not in quarantine.`);
    return reply.redirect('/admin/mail', 303);
  });

  app.post('/admin/people/deliverable', { preHandler: requireStaff }, async (request, reply) => {
    const email = String((request.body as { email?: unknown } | undefined)?.email ?? '').trim();
    if (!email.includes('@')) {
      setFlash(request, 'Choose an address.');
      return reply.redirect('/admin/mail', 303);
    }
    const address = await markDeliverable(db, email);
    request.log.info({ outcome: address ? 'deliverable' : 'unknown-address' }, 'address marked deliverable');
    setFlash(request, address ? `${address} gets status mail again.` : `Nobody has the address ${email}.`);
    return reply.redirect('/admin/mail', 303);
  });
}
