// The ticket page behind every status mail (PUBLIC_URL/tickets/<ref>): a personal link in the
// mail signs its person in and lands here; the page shows what that person's roles may see,
// and its files download only for them. I/O: through the ticket-page and attachment adapters.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readAttachment } from '../../adapters/db/attachment-store.ts';
import { findTicketByRef, findTicketFile, loadTicketPage, ticketParticipants, type TicketRow } from '../../adapters/db/ticket-page.ts';
import type { ParticipantRole } from '../../tickets/types.ts';
import { requireViewer, SIGN_IN_REFUSALS, signInWithToken } from '../auth.ts';
import { showError } from '../pages.ts';
import { maySeeInternal, maySeeTicket, rolesOnTicket } from '../ticket-roles.ts';
import { buildTicketView } from '../ticket-view.ts';

const NOT_YOURS = 'There is no such ticket, or it is not one of yours.';

export default async function ticketRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app;

  /**
   * The ticket named in the address and the viewer's roles on it. Answers 404 (and returns null)
   * when there is no such ticket or the viewer has no role on it: nobody learns it exists.
   */
  async function ticketFor(request: FastifyRequest, reply: FastifyReply): Promise<{ ticket: TicketRow; roles: ParticipantRole[] } | null> {
    const { ref } = request.params as { ref: string };
    const ticket = await findTicketByRef(deps.db, ref);
    const roles = ticket && request.viewer ? rolesOnTicket(request.viewer, await ticketParticipants(deps.db, ticket.id), deps.config.SUPPORT_ADDRESS) : [];
    if (!ticket || !maySeeTicket(roles)) {
      await showError(reply.code(404), 404, NOT_YOURS);
      return null;
    }
    return { ticket, roles };
  }

  app.get('/tickets/:ref', async (request, reply) => {
    const token = (request.query as { k?: unknown }).k;
    if (typeof token === 'string') {
      // A personal link: sign in, then show the clean address (the token leaves the address bar and history).
      const ticket = await findTicketByRef(deps.db, (request.params as { ref: string }).ref);
      const result = ticket ? await signInWithToken(deps, request, token, ticket.id) : { kind: 'refused' as const, reason: 'invalid' as const };
      if (result.kind === 'refused' || !ticket) {
        const reason = result.kind === 'refused' ? result.reason : 'invalid';
        return reply.code(403).page('sign-in', { title: 'Sign in', next: null, minutes: deps.config.SIGN_IN_LINK_MINUTES, error: `${SIGN_IN_REFUSALS[reason]} Ask for a new one below.` });
      }
      return reply.redirect(`/tickets/${encodeURIComponent(ticket.ref)}`, 303);
    }
    await requireViewer(request, reply);
    if (reply.sent) return reply;
    const found = await ticketFor(request, reply);
    if (!found) return reply;
    const page = await loadTicketPage(deps.db, found.ticket);
    const view = buildTicketView(page, found.roles, request.viewer!.personId);
    return reply.page('ticket', { title: `Issue ${view.ref}: ${view.summary}`, t: view });
  });

  // Files are always downloads (never shown inline), only for people who may see the ticket,
  // and an internal note's files only for those who may see internal notes.
  app.get('/tickets/:ref/files/:id', { preHandler: requireViewer }, async (request, reply) => {
    const found = await ticketFor(request, reply);
    if (!found) return reply;
    const id = Number((request.params as { id: string }).id);
    const file = Number.isSafeInteger(id) && id > 0 ? await findTicketFile(deps.db, found.ticket.id, id) : null;
    if (!file || (file.internal && !maySeeInternal(found.roles))) return showError(reply.code(404), 404, 'There is no such file on this ticket.');
    const stored = await readAttachment(deps.db, file.checksum);
    if (!stored) return showError(reply.code(404), 404, 'The file could not be read back.');
    const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('Cache-Control', 'private, no-store')
      .send(stored.content);
  });
}
