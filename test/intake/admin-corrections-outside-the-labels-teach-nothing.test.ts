// `npm run intake:train` learns from the admins' #route / #topic corrections. A correction stored
// before those commands were held to intake's names ("macc", "ica", "reprots") is no label: the
// model would learn it as a class of its own and intake would then decide it. The latest correction
// that names one of intake's labels is what a ticket teaches.
import { describe, expect, it } from 'vitest';
import { correctionLabels } from '../../src/intake/model-training.ts';

describe('the labels admins\' corrections teach', () => {
  it('skips a route or topic intake does not know', () => {
    expect(correctionLabels([
      { ticketId: 1, field: 'route', to: 'macc' },
      { ticketId: 1, field: 'topic', to: 'reprots' },
      { ticketId: 2, field: 'route', to: 'ica' },
      { ticketId: 2, field: 'topic', to: 'reports' },
    ])).toEqual(new Map([[2, { topic: 'reports' }]]));
  });

  it('keeps the latest known label per field, whatever was typed after it', () => {
    expect(correctionLabels([
      { ticketId: 5, field: 'route', to: 'nmis' },
      { ticketId: 5, field: 'route', to: 'macch' },
      { ticketId: 5, field: 'route', to: 'maach' },
      { ticketId: 5, field: 'topic', to: 'data_quality' },
    ])).toEqual(new Map([[5, { route: 'macch', topic: 'data_quality' }]]));
  });
});
