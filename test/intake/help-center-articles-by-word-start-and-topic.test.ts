import { describe, expect, it } from 'vitest';
import { findArticles, loadArticleCatalogue } from '../../src/intake/articles.ts';
import type { Classification } from '../../src/intake/types.ts';

const catalogue = loadArticleCatalogue();
const titles = (subject: string, text: string, decided: Pick<Classification, 'topic' | 'confidence'>): string[] =>
  findArticles({ subject, text }, decided, catalogue).map((a) => a.title);
const runnerUp = (topic: string) => ({ topic: { probability: 0.55, runnerUp: topic, runnerUpProbability: 0.3 } });

describe('Help Center articles', () => {
  it('match a keyword only where a word starts ("cita" is not in "solicitar" or "capacitación")', () => {
    expect(titles('Capacitación', '¿Hay algún artículo que explique cómo solicitar una capacitación sobre el módulo de vivienda?', { topic: 'other' }))
      .not.toContain('Clarity Calendar and appointments');
    expect(titles('Cita', 'Necesito mover la cita de un cliente en el calendario.', { topic: 'other' })).toContain('Clarity Calendar and appointments');
  });

  it('still match a stem at the start of a longer word', () => {
    expect(titles('APR', 'Can I set up scheduling so the APR runs on its own?', { topic: 'reports' })).toContain('Scheduling a report to run automatically');
  });

  it('need two keywords for an article about another topic than the request', () => {
    expect(titles('Trainings', 'Where can I find the schedule of the upcoming new user trainings?', { topic: 'security_training' }))
      .not.toContain('Scheduling a report to run automatically');
    expect(titles('Files tab', 'How do I download a document a client uploaded to the Files tab?', { topic: 'system_error' }))
      .not.toContain('Exporting a report to CSV, Excel or PDF');
    expect(titles('Export error', 'The export to Excel stops at 50% every time.', { topic: 'system_error' })).toContain('Exporting a report to CSV, Excel or PDF');
  });

  it('need one keyword for an article about the runner-up topic', () => {
    expect(titles('Program list', 'How can I download the list of enrolled clients?', { topic: 'other', confidence: runnerUp('reports') }))
      .toContain('Exporting a report to CSV, Excel or PDF');
  });
});
