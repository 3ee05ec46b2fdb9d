import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the botbuilder boundary', () => {
  it('keeps every botbuilder import inside adapters/teams (a later SDK move touches that folder only)', () => {
    const outside = ['src', 'bench', 'test', 'adapters']
      .flatMap(files)
      .filter((f) => !f.startsWith(join('adapters', 'teams')))
      .filter((f) => /from ['"]botbuilder|from ['"]botframework-|require\(['"]botbuilder/.test(readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});
