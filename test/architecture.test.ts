import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('the core (src/) never imports a platform SDK', () => {
    const offenders = files('src').filter((f) => /from ['"](@slack\/|botbuilder|botframework-)/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('botbuilder stays inside adapters/teams and Bolt inside adapters/slack', () => {
    const all = [...files('src'), ...files('adapters')];
    const bad = all.filter((f) => {
      const s = readFileSync(f, 'utf8');
      return (/from ['"](botbuilder|botframework-)/.test(s) && !f.startsWith(join('adapters', 'teams'))) ||
        (/from ['"]@slack\//.test(s) && !f.startsWith(join('adapters', 'slack')));
    });
    expect(bad).toEqual([]);
  });

  it('SQL is parameterised: prepare() interpolates only constants (UPPER_CASE) and checked column names', () => {
    const risky = [...files('src'), ...files('adapters')].filter((f) => /\.prepare\(\s*`[^`]*\$\{(?!col\}|[A-Z][A-Z0-9_]*\})/.test(readFileSync(f, 'utf8')));
    expect(risky).toEqual([]);
  });

  it('all SQL lives in src/store (repositories), so another database is a new folder there', () => {
    const outside = [...files('src'), ...files('adapters')].filter(
      (f) => !f.startsWith(join('src', 'store')) && /\.prepare\(|\bdb\.(exec|pragma)\(/.test(readFileSync(f, 'utf8')),
    );
    expect(outside).toEqual([]);
  });
});
