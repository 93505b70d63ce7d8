// Two people's labels of the same mail, compared as intake is scored: the agreement script reads
// both files, takes the first as the reference and lists missing-information disagreements per item
// on the rows where both agree on the request.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const row = (file: string, over: Record<string, unknown> = {}) => ({
  file, route: 'ica_helpdesk', topic: 'reports', type: 'issue', priority: 'normal', client_ids: [], missing_info: [], ...over,
});

function agreement(reference: unknown[], other: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'deskmail-agreement-'));
  writeFileSync(join(dir, 'a.json'), JSON.stringify(reference));
  writeFileSync(join(dir, 'b.json'), JSON.stringify(other));
  return execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../scripts/label-agreement.ts'), join(dir, 'a.json'), join(dir, 'b.json')], { encoding: 'utf8' });
}

describe('label agreement between two readers of the contract', () => {
  it('scores the second reader against the first and lists each missing-information disagreement', () => {
    const out = agreement(
      [row('x-1.eml', { missing_info: ['when_started', 'report_parameters'] }), row('x-2.eml', { priority: 'urgent' }), row('x-3.eml', { route: 'macch', topic: 'other' })],
      [row('x-1.eml', { missing_info: ['report_parameters', 'steps_followed'] }), row('x-2.eml'), row('x-3.eml', { missing_info: ['issue_description'] })],
    );
    expect(out).toContain('3 rows labelled in both');
    expect(out).toMatch(/route accuracy:\s+66\.7%/);
    expect(out).toMatch(/urgent precision\/recall:\s+100\.0% \/ 0\.0%/);
    // x-3's route differs, so only x-1 and x-2 count for the per-item view: one shared, one each way.
    expect(out).toContain('missing info where route, topic and type agree (2 rows): F1 0.500');
    expect(out).toMatch(/when_started: missing only in the reference 1 \(x-1\.eml\), only in the other 0/);
    expect(out).toMatch(/steps_followed: missing only in the reference 0 \(\), only in the other 1 \(x-1\.eml\)/);
    expect(out).toContain('x-2.eml  priority: urgent -> normal');
  });

  it('refuses a file that is not a labels array', () => {
    expect(() => agreement([{ nope: 1 }], [])).toThrow(/not a labels\.json array/);
  });
});
