import { describe, expect, it } from 'vitest';
import { hasDate } from '../../src/intake/dates.ts';

describe('hasDate and date ranges', () => {
  it('takes neither end of a range written with month names as a moment', () => {
    expect(hasDate('el informe del 1 de enero al 31 de enero de 2025 muestra 12 personas')).toBe(false);
    expect(hasDate('I ran it for Jan 1 through Jan 31 and it shows twelve people')).toBe(false);
  });

  it('still takes a date after a month written on its own as a moment', () => {
    expect(hasDate('el informe falla desde el 31 de enero')).toBe(true);
    expect(hasDate('It has shown the error since January 5, before that it was fine')).toBe(true);
  });

  it('does not take a time set as a report\'s date range or period as a moment', () => {
    expect(hasDate('I open the look, set the date range to last month, click Run and it times out')).toBe(false);
    expect(hasDate('puse el periodo en la semana pasada y el reporte sale vacio')).toBe(false);
    expect(hasDate('It times out since last month, whatever date range I set')).toBe(true);
  });
});
