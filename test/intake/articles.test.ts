import { describe, expect, it } from 'vitest';
import { findArticles, loadArticleCatalogue } from '../../src/intake/articles.ts';

const catalogue = loadArticleCatalogue();

describe('findArticles', () => {
  it('ranks the export article first for a CSV download question', () => {
    const found = findArticles({ subject: 'export to csv', text: 'is there a way to download a canned report as CSV instead of PDF?' }, { topic: 'reports' }, catalogue);
    expect(found[0]?.url).toBe('https://help.example.org/reports/exporting-reports');
    expect(found.length).toBeLessThanOrEqual(3);
  });

  it('finds the inbox article for a Spanish question and nothing for an unrelated one', () => {
    expect(findArticles({ subject: 'Bandeja de entrada', text: '¿Cómo leo los mensajes?' }, { topic: 'other' }, catalogue)[0]?.title).toMatch(/Inbox/);
    expect(findArticles({ subject: 'NOFA', text: 'Is there a letter of intent deadline?' }, { topic: 'other' }, catalogue)).toEqual([]);
  });
});
