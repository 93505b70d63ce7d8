// Suggests Help Center articles for a request from a small catalogue (config/help-center-articles.yaml):
// each article's keyword patterns that match count most, its topics a little. Ranking is pure;
// loadArticleCatalogue reads and validates the file.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { hasMatch, normalizeText } from './patterns.ts';
import { TOPICS } from './rules.ts';
import type { Classification, IntakeInput } from './types.ts';
import { projectPath } from '../project-files.ts';

const articleSchema = z
  .object({
    title: z.string().min(1),
    url: z.url(),
    topics: z.array(z.enum(TOPICS)).default([]),
    keywords: z.array(z.string().min(1)).min(1),
  })
  .strict();

const catalogueSchema = z.object({ articles: z.array(articleSchema) }).strict();

export type Article = z.infer<typeof articleSchema>;
export type ArticleCatalogue = z.infer<typeof catalogueSchema>;

export const DEFAULT_CATALOGUE_PATH = projectPath('config', 'help-center-articles.yaml');

export function loadArticleCatalogue(path: string = DEFAULT_CATALOGUE_PATH): ArticleCatalogue {
  const parsed = catalogueSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`Invalid article catalogue in ${path}:\n- ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n- ')}`);
  }
  return parsed.data;
}

const KEYWORD_WEIGHT = 2;
const TOPIC_WEIGHT = 1;
/** Keyword hits an article about another topic needs: one word in passing ("download", "schedule") is no match. */
const HITS_OFF_TOPIC = 2;

/**
 * The most relevant articles, best first. Keywords match from the start of a word ("cita" is not in "solicitar"); an
 * article for the request's topic (or the model's runner-up topic) needs one keyword, any other article two.
 */
export function findArticles(
  input: Pick<IntakeInput, 'subject' | 'text'>,
  classification: Pick<Classification, 'topic' | 'confidence'>,
  catalogue: ArticleCatalogue,
  limit = 3,
): Article[] {
  const text = normalizeText(`${input.subject}\n${input.text}`);
  const runnerUp = classification.confidence?.topic?.runnerUp;
  return catalogue.articles
    .map((article, index) => {
      const hits = article.keywords.filter((k) => hasMatch(atWordStart(k), text)).length;
      const topic = article.topics.includes(classification.topic);
      const onTopic = topic || article.topics.some((t) => t === runnerUp);
      return { article, index, hits, onTopic, score: hits * KEYWORD_WEIGHT + (topic ? TOPIC_WEIGHT : 0) };
    })
    .filter((r) => r.hits >= (r.onTopic ? 1 : HITS_OFF_TOPIC))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((r) => r.article);
}

/** A keyword that opens with a letter or digit (or a group of them) is matched where a word starts. */
function atWordStart(keyword: string): string {
  return /^\(?\w/.test(keyword) ? `\\b(?:${keyword})` : keyword;
}
