// Where the page templates live, and the error page every route answers with. I/O: none of
// its own (rendering goes through the reply).
import { sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import { projectPath } from '../project-files.ts';

export const TEMPLATES_DIR = projectPath('templates', 'web') + sep;

/**
 * The error page, in the layout; falls back to plain text if rendering itself fails. `kept`: text the
 * person typed that was not saved, shown back for them to copy.
 */
export async function showError(reply: FastifyReply, status: number, message: string, kept?: string): Promise<FastifyReply> {
  try {
    return await reply.page('error', { title: status === 404 ? 'Not found' : status === 410 ? 'Removed' : 'Something is wrong', status, message, kept: kept ?? null });
  } catch {
    return reply.type('text/plain; charset=utf-8').send(message);
  }
}
