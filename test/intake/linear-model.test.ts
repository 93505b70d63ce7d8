import { describe, expect, it } from 'vitest';
import { featuresOf, fitTemperature, predictLinear, stemOf, trainLinear, wordsOf } from '../../src/intake/linear-model.ts';
import { withoutBoilerplate } from '../../src/intake/model-features.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const examples = [
  ['I forgot my password and cannot log in', 'login'],
  ['locked out of my account after the password reset', 'login'],
  ['olvide mi contrasena y no puedo entrar', 'login'],
  ['please merge these two duplicate records', 'merge'],
  ['duplicate client records need a merge', 'merge'],
  ['hay dos registros duplicados, fusionar por favor', 'merge'],
  ['the APR report shows the wrong count', 'reports'],
  ['the data quality report numbers look wrong', 'reports'],
  ['el informe APR muestra numeros incorrectos', 'reports'],
].map(([text, label]) => ({ features: featuresOf('', text!), label: label! }));

describe('the linear intake model', () => {
  const model = trainLinear(examples, 'topic', { minCount: 1, epochs: 40 });

  it('learns to separate labelled requests, and words it never saw in that order still count', () => {
    expect(predictLinear(model, featuresOf('', 'my password does not work, I am locked out'))[0]!.label).toBe('login');
    expect(predictLinear(model, featuresOf('', 'two duplicate records of one client'))[0]!.label).toBe('merge');
    expect(predictLinear(model, featuresOf('', 'the report count looks wrong'))[0]!.label).toBe('reports');
  });

  it('gives probabilities that add up to one, best first', () => {
    const probs = predictLinear(model, featuresOf('', 'merge please'));
    expect(probs.reduce((a, p) => a + p.probability, 0)).toBeCloseTo(1, 6);
    expect(probs.map((p) => p.probability)).toEqual([...probs.map((p) => p.probability)].sort((a, b) => b - a));
  });

  it('trains the same model twice from the same seed', () => {
    expect(trainLinear(examples, 'topic', { minCount: 1, seed: 7 })).toEqual(trainLinear(examples, 'topic', { minCount: 1, seed: 7 }));
  });

  it('fits a temperature above one for overconfident held-out predictions and below one for timid ones', () => {
    const overconfident = Array.from({ length: 20 }, (_, i) => ({ label: 'a', probabilities: i % 2 ? [{ label: 'a', probability: 0.99 }, { label: 'b', probability: 0.01 }] : [{ label: 'b', probability: 0.99 }, { label: 'a', probability: 0.01 }] }));
    expect(fitTemperature(overconfident)).toBeGreaterThan(1);
    const timid = Array.from({ length: 20 }, () => ({ label: 'a', probabilities: [{ label: 'a', probability: 0.6 }, { label: 'b', probability: 0.4 }] }));
    expect(fitTemperature(timid)).toBeLessThan(1);
  });

  it('reads words without accents or case, numbers folded', () => {
    expect(wordsOf('Contraseña BLOQUEADA desde 2024')).toEqual(['contrasena', 'bloqueada', 'desde', '0']);
  });

  it('gives inflected English and Spanish forms one stem, and leaves short words alone', () => {
    expect(new Set(['merges', 'merged', 'merging'].map(stemOf))).toEqual(new Set(['merg']));
    expect(stemOf('duplicados')).toBe(stemOf('duplicado'));
    expect(stemOf('informes')).toBe(stemOf('informe'));
    expect(stemOf('apr')).toBe('apr');
    expect(featuresOf('', 'the reports were duplicated')).toContain('t:duplicat');
  });

  it('reads a forwarded request without its header lines and quote marks', () => {
    const text = 'Can you help?\n\n---------- Forwarded message ---------\nFrom: Kai <k@example.org>\nSent: Monday\nSubject: DOB wrong\n> The DOB is wrong on his profile.';
    expect(withoutBoilerplate(text)).toBe('Can you help?\n\nThe DOB is wrong on his profile.');
  });

  it('reads at most the first 20,000 characters of a body, so a huge mail costs no more than a long one', () => {
    const unit = 'client cannot log in to the shelter program today ';
    const huge = `${unit.repeat(400)}${'zebra '.repeat(200_000)}`;
    expect(featuresOf('', huge)).toEqual(featuresOf('', huge.slice(0, 20_000)));
  });
});

describe('the committed model', () => {
  const rules = loadIntakeRules();
  it('is loaded with the rules and knows every route, and a calibrated temperature', () => {
    expect(rules.model?.models.route.labels).toEqual(['ica_helpdesk', 'macch', 'nmis', 'self_service', 'vendor_direct']);
    expect(rules.model?.models.topic.labels.length).toBe(15);
    for (const m of Object.values(rules.model!.models) as { temperature: number }[]) expect(m.temperature).toBeGreaterThan(0);
  });
});
