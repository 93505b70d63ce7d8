// Where the page templates live, and the error page every route answers with. I/O: none of
// its own (rendering goes through the reply).
import { sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { projectPath } from '../project-files.ts';
import { typedIn, type KeptText } from './forms.ts';

export const TEMPLATES_DIR = projectPath('templates', 'web') + sep;

/** What a refused form asked for that was not saved: its typed text, to copy, and the files to choose again. */
export interface Kept { texts: KeptText[]; files: string[] }

/**
 * The error page, in the layout; falls back to plain text if rendering itself fails. `kept`: text the
 * person typed that was not saved, shown back for them to copy, and the files they chose, named.
 */
export async function showError(reply: FastifyReply, status: number, message: string, kept?: Kept): Promise<FastifyReply> {
  const shown = kept && (kept.texts.length || kept.files.length) ? kept : null;
  try {
    return await reply.page('error', { title: status === 401 ? 'Sign in first' : status === 404 ? 'Not found' : status === 410 ? 'Removed' : 'Something is wrong', status, message, kept: shown });
  } catch {
    return reply.type('text/plain; charset=utf-8').send(message);
  }
}

/**
 * What a refused form said, to give back on the error page, when the form came from this site's own
 * pages (the browser's Sec-Fetch-Site): text posted from another site is never shown here as
 * someone's own. Only for a refusal: the request is not acted on.
 */
export function keptOf(request: FastifyRequest): Kept | undefined {
  if (request.method !== 'POST' || request.headers['sec-fetch-site'] !== 'same-origin') return undefined;
  return typedIn(request);
}
