import { readFileSync } from 'node:fs';
import { isSafePattern } from 'redos-detector';
import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../src/intake/linear-model.ts';
import { checkVocabularyText, findConcepts } from '../../src/intake/vocabulary.ts';
import { DEFAULT_RULES_PATH, VOCABULARY_FILE_NAME } from '../../src/stage-settings.ts';
import { dirname, join } from 'node:path';

const text = readFileSync(join(dirname(DEFAULT_RULES_PATH), VOCABULARY_FILE_NAME), 'utf8');
const vocabulary = checkVocabularyText(text).vocabulary!;

describe('the intake vocabulary', () => {
  it('is valid, with concepts for every route and help-desk topic', () => {
    expect(checkVocabularyText(text).problems).toEqual([]);
    expect(Object.keys(vocabulary.concepts.topic)).toHaveLength(15);
  });

  it('is short enough to read in one sitting, one short entry a line', () => {
    expect(text.length).toBeLessThan(12_000);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(200);
  });

  it('states boundary rules as sentences', () => {
    for (const rule of vocabulary.boundaries) expect(rule.says).toMatch(/^[A-Z].+\.$/);
  });

  it('refuses an entry longer than a few words', () => {
    const long = text.replace('[merge,', `[${'merge '.repeat(20).trim()},`);
    expect(checkVocabularyText(long).problems.join()).toMatch(/concepts\.topic\.merge_request/);
  });

  it('finds phrases on whole words, accents and case ignored, with prefixes', () => {
    const hits = findConcepts(wordsOf('Necesito FUSIONAR dos registros; the Community Queue; enrolment'), vocabulary.conceptIndex).map((h) => h.concept);
    expect(hits).toEqual(expect.arrayContaining(['topic.merge_request', 'route.macch_coordinated_entry']));
    expect(findConcepts(wordsOf('emerged'), vocabulary.conceptIndex).map((h) => h.concept)).not.toContain('topic.merge_request');
  });

  // The label contract's topic boundaries, each worded as a request would say it, English and Spanish.
  const boundaryWordings: [string, string][] = [
    ['Please fix the visibility on our outreach program', 'topic.provider_configuration'],
    ['el inventario del programa esta mal', 'topic.provider_configuration'],
    ['Please add picklist values for the outreach program', 'topic.provider_configuration'],
    ['My coworkers see it too', 'topic.system_error'],
    ['a mis compañeros les pasa lo mismo', 'topic.system_error'],
    ['It happens for only this client', 'topic.client_record'],
    ['How do I add a newborn to the household?', 'topic.workflow_data_entry'],
    ['¿Cómo se registra una visita?', 'topic.workflow_data_entry'],
    ['We have forty clients with no exit date', 'topic.data_quality'],
    ['clientes sin fecha de salida', 'topic.data_quality'],
    ['Could she get access to the RRH program?', 'topic.login_password_account'],
    ['El señor tiene dos expedientes', 'topic.merge_request'],
  ];
  for (const [wording, concept] of boundaryWordings) {
    it(`hears ${concept.replace('topic.', '')} in "${wording}"`, () => {
      expect(findConcepts(wordsOf(wording), vocabulary.conceptIndex).map((h) => h.concept)).toContain(concept);
    });
  }
});

describe('the expressions the vocabulary, model and urgency stages run', () => {
  // The vocabulary itself holds no regular expressions (whole-word matching); these are the few the code uses.
  it.each(['[\\p{L}\\p{N}]+', '[.!?]\\s', '^\\d+$', '\\s+'])('%s is safe by redos-detector', (pattern) => {
    expect(isSafePattern(pattern, { unicode: true }).safe).toBe(true);
  });
});
