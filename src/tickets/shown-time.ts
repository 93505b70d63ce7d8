// Dates and times as people read them, on the pages and in mail alike: in the help desk's one
// time zone (TIME_ZONE, an IANA name), the guide's mm/dd/yyyy, and the zone's abbreviation beside
// a time. Pure: an instant and the zone's name in, text out.

/** One formatter per zone: building one costs far more than using it, and a list shows many dates. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' });
    FORMATS.set(timeZone, format);
  }
  return format;
}

function partsOf(date: Date, timeZone: string): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(formatIn(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
}

/** Whether `name` is a time zone this runtime knows (an IANA name such as America/Denver, or UTC). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    formatIn(name);
    return true;
  } catch {
    return false;
  }
}

/** The day of `date` in `timeZone`, mm/dd/yyyy: 05/17/2026. */
export function formatDay(date: Date, timeZone: string): string {
  const p = partsOf(date, timeZone);
  return `${p.month}/${p.day}/${p.year}`;
}

/** The day and time of `date` in `timeZone`, with the zone's abbreviation: 05/17/2026 8:30 PM MDT. */
export function formatWhen(date: Date, timeZone: string): string {
  const p = partsOf(date, timeZone);
  return `${p.month}/${p.day}/${p.year} ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}
