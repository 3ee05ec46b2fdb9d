import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { TeamsRefsRepo } from '../../src/store/teams-refs-repo.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp({ now: '2027-01-04T09:00:00Z' });
});
afterEach(() => app.cleanup());

describe('Teams conversation references', () => {
  it('counts the stored references with one statement prepared once per database', () => {
    const refs = new TeamsRefsRepo(app.db);
    expect(refs.count()).toBe(0);
    const prepare = vi.spyOn(app.db, 'prepare');
    refs.upsert('29:alex', 'alex@example.com', { kind: 'personal' }, app.clock.now());
    prepare.mockClear();
    // a second repository on the same database (another adapter mount) shares the statement
    expect(new TeamsRefsRepo(app.db).count()).toBe(1);
    expect(refs.count()).toBe(1);
    expect(prepare).not.toHaveBeenCalled();
  });

  it('replaces or forgets a reference only while it is still the one read: one stored meanwhile is kept', () => {
    const refs = new TeamsRefsRepo(app.db);
    const old = { kind: 'personal', conversation: { id: 'a:old' } };
    refs.upsert('aad-alex', 'alex@example.com', old, app.clock.now());
    expect(refs.replaceIf('aad-alex', old, { ...old, conversation: { id: 'a:new' } }, app.clock.now())).toBe(true);
    expect(refs.get('aad-alex')!.ref.conversation).toEqual({ id: 'a:new' });
    // (the old one is no longer stored: nothing changes)
    expect(refs.replaceIf('aad-alex', old, null, app.clock.now())).toBe(false);
    expect(refs.get('aad-alex')).not.toBeNull();
    expect(refs.replaceIf('aad-alex', refs.get('aad-alex')!.ref, null, app.clock.now())).toBe(true);
    expect(refs.get('aad-alex')).toBeNull();
  });
});
