import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksChange = asksFor('change_requested', 'Program', { topic: 'provider_configuration', type: 'question' }, { rulesAlone: true });

describe('change_requested: "change some things" says no change', () => {
  it('does not take changing some things, in English or Spanish, as the change', () => {
    expect(asksChange('We need to change a few things in the setup of our Harbor RRH program. Can we call?')).toBe(true);
    expect(asksChange('Necesitamos cambiar unas cosas en la configuración del Programa Harbor. ¿Podemos llamar?')).toBe(true);
  });

  it('does not take "cambios en el programa" in the subject as the change', () => {
    const asksWithSubject = asksFor('change_requested', 'cambios en el programa', { topic: 'provider_configuration', type: 'question' }, { rulesAlone: true });
    expect(asksWithSubject('Hola, ¿nos pueden llamar sobre el Programa Harbor?')).toBe(true);
  });

  it('still takes a named change as the change', () => {
    expect(asksChange('Necesitamos cambiar el nombre del servicio "Bus" a "Pase de autobús" en el Programa Harbor.')).toBe(false);
  });
});
