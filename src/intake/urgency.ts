// Decides whether a request is urgent on its own terms: a client kept from a basic need or a
// service (shelter, food, medication, a benefit, an enrolment) under time pressure (tonight, today,
// a deadline, an eviction, a client waiting at the desk), said close together in the sender's own
// text. "URGENT" or "ASAP" alone, a signature, reports and trainings never make it urgent. Pure.
import { wordsOf } from './linear-model.ts';
import { findConcepts, type Vocabulary } from './vocabulary.ts';

export interface UrgencyJudgement {
  urgent: boolean;
  /** One line for the admins: what the client is kept from and the time pressure, in the sender's words. */
  reason: string | null;
}

/** How many sentences a need, a block and a time pressure may be spread over. */
const WINDOW = 2;

/**
 * content: subject and body without signature; topic and type as already decided.
 * Sentences are split on . ! ? and blank lines; the three groups must meet within WINDOW sentences.
 */
export function judgeUrgency(content: string, decided: { topic: string; type: string }, vocabulary: Vocabulary): UrgencyJudgement {
  const notUrgent = vocabulary.urgency.not_urgent_topics;
  if (notUrgent.includes(decided.topic) || notUrgent.includes(decided.type)) return { urgent: false, reason: null };
  const paragraphs = content.slice(0, 20_000).split('\n').map((line) => line.trim()).join('\n').split('\n\n');
  const sentences = paragraphs.flatMap((p) => p.split(/[.!?]\s/));
  const found = sentences.map((sentence) => {
    const words = wordsOf(sentence);
    const hits = findConcepts(words, vocabulary.urgencyIndex);
    const first = (group: string): string | null => {
      const hit = hits.find((h) => h.concept === group);
      return hit ? words.slice(hit.at, hit.at + 3).join(' ') : null;
    };
    return { need: first('need'), blocked: first('blocked'), pressure: first('pressure') };
  });
  for (let i = 0; i < found.length; i++) {
    const window = found.slice(Math.max(0, i - WINDOW + 1), i + 1);
    const need = window.find((s) => s.need)?.need;
    const blocked = window.find((s) => s.blocked)?.blocked;
    const pressure = window.find((s) => s.pressure)?.pressure;
    if (need && blocked && pressure) return { urgent: true, reason: `client kept from ${need} (${blocked}), ${pressure}` };
  }
  return { urgent: false, reason: null };
}
