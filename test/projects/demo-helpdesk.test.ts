import { describe, it, expect } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { demoHelpdeskFile } from '../../src/projects/feature.ts';
import { DATA_DIR } from '../../src/paths.ts';

describe('demo helpdesk sample', () => {
  const sample = join(DATA_DIR, 'helpdesk-sample.csv');
  const latest = (text: string) => Math.max(...[...text.matchAll(/\b(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}/g)].map((m) => Date.parse(`${m[1]}T00:00:00Z`)));

  it('moves in whole weeks so that its last ticket is from the past week', () => {
    const now = new Date('2027-06-15T10:00:00Z');
    const file = demoHelpdeskFile(sample, now);
    try {
      const text = readFileSync(file, 'utf8');
      const last = latest(text);
      expect(now.getTime() - last).toBeGreaterThanOrEqual(0);
      expect(now.getTime() - last).toBeLessThan(8 * 86_400_000);
      const shift = last - latest(readFileSync(sample, 'utf8'));
      expect(shift % (7 * 86_400_000)).toBe(0); // weekdays kept
      expect(text.split('\n')).toHaveLength(readFileSync(sample, 'utf8').split('\n').length);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });
});
