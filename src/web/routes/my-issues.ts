// "My Submitted Issues" (the guide, section 5.I): the tickets the signed-in person submitted or
// was added to, newest first, with the guide's status filter, search and paging. Nobody sees
// another person's tickets here, staff included. I/O: through the ticket-queries adapter.
import type { FastifyInstance } from 'fastify';
import { countByStatus, listTickets, totalOf } from '../../adapters/db/ticket-queries.ts';
import { requireViewer } from '../auth.ts';
import { pagingOf, readListQuery, STATUS_FILTER, toFilter, toRowView } from '../ticket-list-view.ts';

export const MY_ISSUES_PER_PAGE = 25;

export default async function myIssuesRoutes(app: FastifyInstance): Promise<void> {
  const { db, config } = app.deps;

  app.get('/my', { preHandler: requireViewer }, async (request, reply) => {
    const query = readListQuery(request.query);
    const filter = { ...toFilter(query, false), personId: request.viewer!.personId };
    // The counts per status also give the total, so the page costs two queries.
    const counts = await countByStatus(db, filter);
    const list = await listTickets(db, filter, 'newest', query.page, MY_ISSUES_PER_PAGE, totalOf(counts, filter.statuses));
    return reply.page('my-issues', {
      title: 'My Submitted Issues',
      query,
      statuses: STATUS_FILTER.map((s) => ({ ...s, checked: query.statuses.includes(s.value), count: counts[s.value] ?? 0 })),
      rows: list.rows.map((row) => toRowView(row, { helpdeskAddress: config.HELPDESK_ADDRESS, timeZone: config.TIME_ZONE })),
      paging: pagingOf('/my', query, list),
    });
  });
}
