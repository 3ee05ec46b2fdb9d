import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import type { TestApp } from '../doubles/app.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { login, planAdmin, type Client } from './helpers.ts';

let app: TestApp;
let server: RunningServer;
let c: Client;
let csrf: string;

beforeEach(async () => {
  ({ app, server, c, csrf } = await planAdmin());
});

afterEach(async () => {
  await server?.close();
  app?.cleanup();
});

// an escape sequence that would set the title of an operator's terminal, a bell, a C1 control, DEL
const NASTY = 'Speaker \u001b]0;pwned\u0007ill\u0085\u007f\r\nback next week';

describe('text sent through an admin form is stored as plain text, as chat input is', () => {
  it('a skip reason keeps no control characters, and its lines end in \\n', async () => {
    const r = await c.post('/admin/plan/skip', { _csrf: csrf, event: 'newsletter', occurrence: '2027-01-15T08:00', reason: NASTY });
    expect(r.status).toBe(303);
    const reason = new PlanRepo(app.db).occurrence('newsletter', '2027-01-15T08:00')!.reason!;
    expect(reason).toBe('Speaker ]0;pwnedill\nback next week');
    expect(reason).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });

  it('a newsletter editorial too', async () => {
    app.clock.set('2027-05-10T08:00:00Z'); // the 15 May issue is drafted
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    expect(issue).toBeDefined();
    csrf = (await login(c)).csrf!; // (the session of the test's start has expired by now)
    const r = await c.post(`/admin/newsletter/${issue!.id}/editorial`, { _csrf: csrf, lang: 'en', text: `\t${NASTY}` });
    expect(r.status).toBe(303);
    expect(new NewsletterRepo(app.db).byId(issue!.id)!.editorial_en).toBe('Speaker ]0;pwnedill\nback next week');
  });
});
