// Recognises time references in a request's text, in English and Spanish and in any common format:
// numeric dates (3/14, 3/14/25, 2025-03-14), month names with a day, weekdays, relative times
// ("this morning", "two days ago", "hace una semana") and clock times; and reporting periods (a
// range, a quarter, a fiscal or program year, a month, a year). Pure; every expression is a bounded
// alternation of literals or digit runs, so cost is linear in the text.

const MONTH = '(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?|january|february|march|april|may|june|july|august|september|october|november|december';
const MONTH_NAME = 'january|february|march|april|june|july|august|september|october|november|december';
const MES = 'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';
const WEEKDAY = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|jueves|viernes|sabado|domingo';
const COUNT = '\\d{1,3}|a|an|one|two|three|four|five|six|a few|a couple of|several|un|una|unos|unas|dos|tres';
const UNIT = 'minutes?|mins?|hours?|hrs?|days?|weeks?|months?|minutos?|horas?|dias?|semanas?|meses';
/** How long something took ("spins for a few minutes") is no start: only longer spans count after a bare "for". */
const LONG_UNIT = 'days?|weeks?|months?|dias?|semanas?|meses';

/** Each finds one kind of time reference in lower-cased, accent-free text. */
const DATE_FORMS: RegExp[] = [
  /(?<![\d/])\d{1,2}\/\d{1,2}(?:\/\d{2,4})?(?![\d/])/g,
  /\b\d{4}-\d{2}-\d{2}\b/g,
  new RegExp(`\\b(?:${MONTH}) \\d{1,2}(?:st|nd|rd|th)?\\b`, 'g'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTH})\\b`, 'g'),
  new RegExp(`\\b\\d{1,2} de (?:${MES})\\b`, 'g'),
  /\bthe \d{1,2}(?:st|nd|rd|th)\b/g,
  new RegExp(`\\b(?:${WEEKDAY})\\b`, 'g'),
  /\b(?:today|tonight|yesterday|just now|this (?:morning|afternoon|evening|week|weekend|month)|last (?:night|week|weekend|month|time))\b/g,
  new RegExp(`\\b(?:${COUNT}) (?:${UNIT}) ago\\b`, 'g'),
  new RegExp(`\\b(?:been|over|the past|(?:the |in the )?last) (?:about |almost |nearly |over )?(?:${COUNT}) (?:${UNIT})\\b`, 'g'),
  new RegExp(`\\bfor (?:about |almost |nearly |over )?(?:${COUNT}) (?:${LONG_UNIT})\\b`, 'g'),
  new RegExp(`\\bdesde (?:ayer|hoy|anoche|hace|esta|este|que|\\d|(?:el|la|las) (?:\\d|${WEEKDAY}|${MES}|semana|mes|dia|ano|ultim|actualiza|cambio|mananas?|tarde|noche))`, 'g'),
  new RegExp(`\\bhace (?:${COUNT}|poco|rato) ?(?:${UNIT})?\\b`, 'g'),
  /\b(?:hoy|ayer|anoche|esta (?:manana|tarde|noche|semana)|(?:la|el) (?:semana|mes) pasad[oa])\b/g,
  /\b\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)/g,
  /\b(?:at|around|about|since|a las) \d{1,2}:\d{2}\b/g,
  /\b(?:over the (?:weekend|holidays?|break)|around (?:lunch|noon|midnight)|(?:since|after) (?:the )?(?:update|release|upgrade))\b/g,
];

/** What follows the day that opens a range ("January 1 - March 31", "Jan 1, 2024 to Dec 31, 2024", "between May 1 and May 31"). */
const NOT_RANGE = '(?!,?(?: \\d{4})? ?(?:-|(?:to|through|thru|until|and) (?:\\d|[a-z]{3,9}\\.? \\d)))';

const PERIOD_FORMS: RegExp[] = [
  /(?<![\d/])\d{1,2}\/\d{1,2}(?:\/\d{2,4})? ?(?:-|to|through|thru|al|a|hasta) ?\d{1,2}\/\d{1,2}/,
  /\bbetween \d{1,2}\/\d{1,2}(?:\/\d{2,4})? and \d{1,2}\/\d{1,2}/,
  // Written year first, as exports and file names do ("2023-10-01 to 2024-09-30"); two expressions, each proven linear.
  /\b\d{4}-\d\d-\d\d (?:to|through|thru|al|hasta) \d{4}-\d\d-\d\d/,
  /\b\d{4}-\d\d-\d\d ?- ?\d{4}-\d\d-\d\d/,
  // ... but a month or a day of it after "for" or "covering" is one ("the PIT count for January 28").
  new RegExp(`\\b(?:for|covering|para) (?:the )?(?:${MONTH_NAME}|${MES})\\b`),
  // A Spanish range from a day ("del 1 de octubre 2024 - 30 de septiembre 2025").
  new RegExp(`\\b\\d{1,2} de (?:${MES})\\b(?:(?: de)? \\d{4})? ?(?:-|(?:al|hasta|a)\\b)`),
  // A range of months, short or long ("Oct-Dec", "jul through sept").
  new RegExp(`\\b(?:${MONTH}) ?(?:-|to|through|thru) ?(?:${MONTH})(?![a-z])`),
  // A point-in-time count is taken on one night: its day is its period ("the PIT for January 28").
  new RegExp(`\\b(?:pit|hic)\\b[^.!?\\n]{0,150}\\b(?:${MONTH}) \\d{1,2}\\b`),
  // A year as a period ("for 2024", "in FY 2024"); "clients from 2019" speaks of the clients.
  /\b(?:for|in|during|of|covering|year|fy|para|en|del|de) (?:(?:the )?(?:year|ano) )?(?:19|20)\d{2}\b/,
  /\bdel \d{1,2} al \d{1,2}\b/,
  new RegExp(`\\b(?:${MONTH}) \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})? ?(?:-|to|through|thru|until) ?(?:(?:${MONTH}) )?\\d{1,2}\\b`),
  /\b(?:q[1-4]|quarter|trimestre|fy ?\d{2,4}|year to date|ytd)\b/,
  /\b(?:calendar|program|operating|fiscal|grant|ano|anio) (?:year|fiscal|del programa)\b/,
  /\b(?:since|from|starting|desde(?: el)?) \d{1,2}\/\d{1,2}/,
  // "Since <date>" is a period for data and counts ("no service since before October 1, 2024", "going back to July 1").
  new RegExp(`\\b(?:since|starting|as of|going back to) (?:before |after )?(?:${MONTH}) \\d{1,2}\\b`),
];

/**
 * Periods told in passing: data and counts are about them ("our numbers for March", "the last six months"), but a report
 * run for them says more ("clients who exited in December", "services this month", "after the January release").
 */
const PASSING_PERIOD_FORMS: RegExp[] = [
  // A month by its full name; "APR" is a report, "since the March release" or "started in March" says when a problem began,
  // "by the end of March" is a deadline, and one day of a month ("on January 8", "due March 21", "el 14 de febrero") is a
  // moment, unless it opens a range.
  new RegExp(`(?<!\\b(?:since|desde|by|due|until|before|hasta|\\d{1,2} de|(?:started|began) in) (?:the )?(?:(?:middle|end|beginning|start) of )?)\\b(?:${MONTH_NAME}|${MES})\\b(?! \\d{1,2}(?:st|nd|rd|th)?\\b${NOT_RANGE})`),
  // "this year" does not say which operating or fiscal year a HUD report covers.
  /\b(?:last|this|past|previous) (?:\d{1,3} )?(?:months?|years?|quarters?|days|weeks)\b(?<!this year)/,
];

export interface TimeReference {
  index: number;
  text: string;
}

/** Every time reference in a text, in order of appearance. */
export function findDates(text: string): TimeReference[] {
  const flat = text.toLowerCase();
  const found: TimeReference[] = [];
  for (const form of DATE_FORMS) {
    form.lastIndex = 0;
    for (const m of flat.matchAll(form)) found.push({ index: m.index, text: m[0] });
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * A time reference not introduced by one of `notAfter` (the word right before it, or the one before
 * that): "entered it Monday", "born 3/4/1990", "due Friday" speak of something else.
 */
export function hasDate(text: string, notAfter: ReadonlySet<string> = new Set()): boolean {
  return findDates(withoutHeaderLines(text)).some((d) => {
    // A year before 2000 is a birth date or a wrong value in a record, never when a problem began.
    if (/\/19\d{2}$/.test(d.text)) return false;
    const before = text.slice(Math.max(0, d.index - 40), d.index).toLowerCase();
    const after = text.slice(d.index + d.text.length, d.index + d.text.length + 12).toLowerCase();
    // One end of a date range is a reporting period, not a moment.
    if (RANGE_AFTER.test(after) || RANGE_BEFORE.test(before)) return false;
    // Words of the same sentence only: "Necesitamos ayuda. Desde ayer ..." is not a need still ahead.
    const words = before.replace(/^[^]*[.!?\n]/, '').match(/[a-z]+/g) ?? [];
    // A full date with its year is how a record's values are written (entry, exit, move-in dates); when a
    // problem began is told with "since", "on" or a relative time.
    if (WITH_YEAR.test(d.text) && !words.slice(-2).some((w) => BEGAN.has(w))) return false;
    // "set the date range to last month", "periodo de la semana pasada": a report's parameter, not when a problem began.
    if (words.slice(-3).some((w) => PARAMETER.has(w))) return false;
    // "at about 2:00 today", "around 10 this morning": a time recalled, of something already seen, whatever word came before.
    // "exited by mistake this morning": the mistake is the problem, whatever was done by it.
    const recalled = APPROXIMATE.has(words.at(-1) ?? '') || (words.at(-2) === 'by' && BY_CHANCE.has(words.at(-1) ?? ''));
    // "supposed to move in Friday", "need it recorded today": a time still ahead, not when something began.
    return (recalled || !words.slice(-2).some((w) => notAfter.has(w))) && !words.slice(-7).some((w) => AHEAD.has(w))
      && !isObligation(text.slice(d.index + d.text.length, d.index + d.text.length + 30).toLowerCase());
  });
}

/** "Hoy tenemos que emitir su cheque", "today we have to move her": a time with what must happen then is still ahead. */
function isObligation(after: string): boolean {
  const words = after.split(/[.!?\n]/)[0]!.match(/[a-z]+/g)?.slice(0, 4) ?? [];
  return words.some((w, i) => OBLIGED.has(`${w} ${words[i + 1]}`));
}

const OBLIGED = new Set(['have to', 'has to', 'need to', 'needs to', 'must be', 'tenemos que', 'tiene que', 'tienen que', 'hay que']);

/**
 * The date field of a forwarded or quoted message ("Date: Mon, Jan 13, 2025 at 2:41 PM", also when
 * the header lines were joined into one): when it was sent, not when a problem began. Blanked with
 * the same length so positions stay.
 */
const HEADER_DATE = /\b(?:date|sent|fecha|enviado): [^\n]{0,40}/gi;

function withoutHeaderLines(text: string): string {
  return text.replace(HEADER_DATE, (field) => ' '.repeat(field.length));
}

const PARAMETER = new Set(['range', 'period', 'periodo', 'rango']);
const BY_CHANCE = new Set(['mistake', 'accident', 'error']);
const APPROXIMATE = new Set(['about', 'around', 'approximately', 'roughly', 'aproximadamente']);
const WITH_YEAR = /^(?:\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d{2}-\d{2})$/;
const BEGAN = new Set(['since', 'on', 'starting', 'started', 'began', 'desde', 'el']);
const AHEAD = new Set(['supposed', 'will', 'going', 'must', 'needs', 'necesitamos', 'necesita', 'tiene', 'should']);
// Either end of a range may be written with a month name: "del 1 de enero al 31 de enero", "Jan 1 through Jan 31".
const RANGE_AFTER = new RegExp(`^ ?(?:-|to|through|thru|al|hasta) ?(?:\\d|(?:${MONTH}|${MES})\\b)`);
const RANGE_BEFORE = new RegExp(`(?:\\d|\\b(?:${MONTH}|${MES})) ?(?:-|to|through|thru|al|hasta) ?$`);

/** A day of a month, each way it is written ("7/18", "2025-07-18", "Aug. 15th", "15 August", "15 de agosto"). */
const DAY_NUM = '\\d{1,2}(?:st|nd|rd|th)?';
const FULL_DAY = `(?:\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?|\\d{4}-\\d\\d-\\d\\d|(?:${MONTH}) ${DAY_NUM}(?:,? \\d{4})?|${DAY_NUM} (?:of )?(?:${MONTH})|\\d{1,2} de (?:${MES}))`;
const TO = ' ?(?:-|to|through|thru|until|till|al|hasta) ?';

/** A start and an end: both days written in full, or one month shared by both ("August 4-15", "4-15 August", "del 4 al 15 de agosto"). */
const RANGE_FORMS: RegExp[] = [
  new RegExp(`(?<![\\w/])${FULL_DAY}${TO}${FULL_DAY}(?![\\d/])`),
  new RegExp(`\\b(?:${MONTH}) ${DAY_NUM}${TO}${DAY_NUM}\\b`),
  new RegExp(`(?<![\\w/])${DAY_NUM}${TO}${DAY_NUM} (?:of )?(?:${MONTH})\\b`),
  new RegExp(`\\b\\d{1,2}${TO}\\d{1,2} de (?:${MES})\\b`),
];

/** Whether the text gives a date range, with its start and its end (the days someone will be away). */
export function hasDateRange(text: string): boolean {
  const flat = text.toLowerCase();
  return RANGE_FORMS.some((form) => form.test(flat));
}

/**
 * A reporting period: a date range, a month, a year, a quarter, a fiscal or program year. The period a report was run
 * for (`chosen`) is a range, a quarter or a year: a month or "last week" told in passing is no parameter chosen.
 */
export function hasPeriod(text: string, chosen = false): boolean {
  // When a quoted or forwarded message was sent is no period the request is about.
  const flat = withoutHeaderLines(text).toLowerCase();
  return PERIOD_FORMS.some((form) => form.test(flat)) || (!chosen && PASSING_PERIOD_FORMS.some((form) => form.test(flat)));
}
