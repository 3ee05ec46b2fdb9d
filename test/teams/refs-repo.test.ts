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

  it('recognises the reference read when it was stored with another key order or spacing: marking it stale or dropping it works', () => {
    const refs = new TeamsRefsRepo(app.db);
    const stored = { kind: 'channel', serviceUrl: 'https://smba.example/', conversation: { id: '19:c@thread.tacv2', tenantId: 't1' } };
    refs.upsert('19:c@thread.tacv2', null, stored, app.clock.now());
    // written by another process: same content, other key order and spacing
    app.db
      .prepare(`UPDATE conversation_refs SET ref = ? WHERE platform = 'teams' AND key = ?`)
      .run('{ "conversation": { "tenantId": "t1", "id": "19:c@thread.tacv2" }, "serviceUrl": "https://smba.example/", "kind": "channel" }', '19:c@thread.tacv2');
    const read = refs.get('19:c@thread.tacv2')!.ref;
    expect(refs.markStale('19:c@thread.tacv2', read, 'ConversationNotFound', app.clock.now())).toBe(true);
    expect(refs.isCurrent('19:c@thread.tacv2')).toBe(false);
    expect(refs.staleChannels().map((c) => c.channelId)).toEqual(['19:c@thread.tacv2']);

    refs.upsert('aad-alex', 'alex@example.com', { kind: 'personal', conversation: { id: 'a:1' } }, app.clock.now());
    app.db.prepare(`UPDATE conversation_refs SET ref = ? WHERE platform = 'teams' AND key = ?`).run('{"conversation":{"id":"a:1"},  "kind":"personal"}', 'aad-alex');
    // a different reference is still kept
    expect(refs.replaceIf('aad-alex', { kind: 'personal', conversation: { id: 'a:2' } }, null, app.clock.now())).toBe(false);
    expect(refs.replaceIf('aad-alex', { kind: 'personal', conversation: { id: 'a:1' } }, null, app.clock.now())).toBe(true);
    expect(refs.get('aad-alex')).toBeNull();
  });
});
