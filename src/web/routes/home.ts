// The site's front door: a signed-in person goes to their submitted issues, anyone else to
// sign-in. Also a plain health check for a proxy or supervisor. No I/O of its own.
import type { FastifyInstance } from 'fastify';

export default async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => reply.redirect(request.viewer ? '/my' : '/sign-in', 303));
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => reply.type('text/plain').send('ok'));
}
