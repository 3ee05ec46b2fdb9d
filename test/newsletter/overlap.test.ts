import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, click, flat, type TestApp } from '../doubles/app.ts';
import { importHelpdesk } from '../../src/newsletter/helpdesk.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { decideIssue } from '../../src/newsletter/admin-api.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { renderText } from '../../src/newsletter/render.ts';
import { OWNER, catalogAfter, catalogBefore, helpdesk, outbox, plan, withPeople } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const keys = (content: string) => JSON.parse(content).services.map((s: { key: string }) => s.key).sort();

/** The monthly newsletter of 3 February and an intranet newsletter the day after, both drafted on 28 January. */
function twoDrafts(news = true, tickets = true) {
  app = testApp({ now: '2027-01-04T09:00:00Z' });
  withPeople(app);
  catalogBefore(app);
  plan(app, `  - id: intranet
    title: {de: IT-News im Intranet, en: IT news on the intranet}
    kind: newsletter
    start: 2027-02-04T10:00
    duration: PT30M
    audience: all
    owner: ${OWNER}
`);
  app.clock.set('2027-01-10T09:00:00Z');
  if (news) catalogAfter(app);
  app.clock.set('2027-01-28T09:30:00Z');
  if (tickets) helpdesk(app);
  expect(newsletterTick(app).drafted).toBe(2);
  const repo = new NewsletterRepo(app.db);
  const monthly = repo.byOccurrence('it-newsletter@2027-02-03T08:00')!;
  const intranet = repo.byOccurrence('intranet@2027-02-04T10:00')!;
  // both previews carry the month's news (when there is any) and January's helpdesk figures
  expect(keys(monthly.content)).toEqual(news ? ['service:fax:retiring', 'service:teams-phone:new'] : []);
  expect(keys(intranet.content)).toEqual(keys(monthly.content));
  for (const i of [monthly, intranet]) expect(JSON.parse(i.content).helpdesk).toMatchObject(tickets ? { opened: 4, closed: 3 } : {});
  return { repo, monthly, intranet };
}

describe('two newsletters drafted side by side', () => {
  it('approving the second after the first does not publish the same news twice', async () => {
    const { repo, monthly, intranet } = twoDrafts();
    await app.bot.handle(click('newsletter.approve', String(monthly.id), OWNER));
    expect(repo.byId(monthly.id)!.state).toBe('approved');
    const posted = outbox(app, 'newsletter').length;

    // the second preview's Approve: its news went out with the first issue
    const reply = flat(await app.bot.handle(click('newsletter.approve', String(intranet.id), OWNER)));
    expect(reply).toMatch(/already carries part of this draft|bringt schon einen Teil dieses Entwurfs/);
    expect(repo.byId(intranet.id)!.state).toBe('draft');
    expect(outbox(app, 'newsletter')).toHaveLength(posted);
    const redrafted = JSON.parse(repo.byId(intranet.id)!.content);
    expect(redrafted.services).toEqual([]);
    expect(redrafted.helpdesk).toBeNull(); // January's tickets were in the first issue's figures
    expect(redrafted.periodFrom).toBe(JSON.parse(monthly.content).periodTo);

    // approved again, it goes out as now drafted
    expect(flat(await app.bot.handle(click('newsletter.approve', String(intranet.id), OWNER)))).toMatch(/Approved|Freigegeben/);
    expect(repo.byId(intranet.id)!.state).toBe('approved');
    const second = outbox(app, 'newsletter').filter((r) => r.idempotency_key.startsWith(`newsletter:${intranet.id}:`));
    expect(second.length).toBeGreaterThan(0);
    for (const r of second) expect(JSON.parse(r.message).text).not.toMatch(/Telefonie mit Teams|Teams telephony/);
  });

  it('the admin page\'s Approve is refused the same way', () => {
    const { repo, monthly, intranet } = twoDrafts();
    expect(decideIssue(app, intranet.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
    const d = decideIssue(app, monthly.id, 'approve', null, 'admin (web)');
    expect(d).toMatchObject({ ok: false, reason: 'outdated' });
    expect(keys(repo.byId(monthly.id)!.content)).toEqual([]);
    // January's tickets were in the intranet issue's figures: not counted a second time
    expect(JSON.parse(repo.byId(monthly.id)!.content).helpdesk).toBeNull();
    // the figures-first version names the issue that reported them, never "no figures were imported"
    const redrafted = JSON.parse(repo.byId(monthly.id)!.content);
    const en = renderText(redrafted, 'en', 'figures-first', null);
    const de = renderText(redrafted, 'de', 'figures-first', null);
    expect(en).toContain('• Helpdesk: the tickets of this period were already reported in the issue "IT news on the intranet, 4 February 2027"');
    expect(de).toContain('• Helpdesk: die Tickets dieses Zeitraums stehen bereits in der Ausgabe «IT-News im Intranet, 4. Februar 2027»');
    expect(en + de).not.toMatch(/no figures were imported|keine Zahlen importiert/);
    expect(decideIssue(app, monthly.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
    const monthlyPosts = outbox(app, 'newsletter').filter((x) => x.idempotency_key.startsWith(`newsletter:${monthly.id}:`));
    expect(monthlyPosts.length).toBeGreaterThan(0);
    for (const r of monthlyPosts) {
      expect(JSON.parse(r.message).text).not.toMatch(/Helpdesk in Zahlen|helpdesk in figures|Helpdesk: \d/i);
    }
  });

  it('helpdesk figures alone are not published twice either, whichever issue is approved first', async () => {
    const { repo, monthly, intranet } = twoDrafts(false);
    expect(decideIssue(app, intranet.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
    // the monthly draft reports nothing else the intranet issue carries, but the same tickets
    const reply = flat(await app.bot.handle(click('newsletter.approve', String(monthly.id), OWNER)));
    expect(reply).toMatch(/already carries part of this draft|bringt schon einen Teil dieses Entwurfs/);
    expect(JSON.parse(repo.byId(monthly.id)!.content).helpdesk).toBeNull();
    expect(decideIssue(app, monthly.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
  });

  it('a draft whose period a published issue covers the start of is composed again, though nothing else overlaps', () => {
    const { repo, monthly, intranet } = twoDrafts(false, false);
    expect(JSON.parse(intranet.content).helpdesk).toBeNull();
    expect(decideIssue(app, monthly.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
    app.clock.set('2027-01-29T09:00:00Z');
    expect(decideIssue(app, intranet.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: false, reason: 'outdated' });
    const redrafted = repo.byId(intranet.id)!;
    expect(JSON.parse(redrafted.content)).toMatchObject({ periodFrom: JSON.parse(monthly.content).periodTo, periodTo: '2027-01-29T09:00:00.000Z' });
    expect(redrafted.period_from).toBe(JSON.parse(monthly.content).periodTo);
    expect(decideIssue(app, intranet.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
  });

  it('the other draft, composed again later, has the helpdesk figures from where the approved issue\'s ended', () => {
    const { repo, monthly, intranet } = twoDrafts(false);
    expect(decideIssue(app, intranet.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
    app.clock.set('2027-01-30T09:00:00Z');
    const file = join(app.dir, 'later.csv');
    writeFileSync(file, 'ticket_id,opened_at,closed_at,category,department,satisfaction\nT-5,2027-01-29 10:00,2027-01-29 11:00,hardware,Sales,5\n');
    importHelpdesk(app, file);
    expect(decideIssue(app, monthly.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: false, reason: 'outdated' });
    const redrafted = JSON.parse(repo.byId(monthly.id)!.content);
    expect(redrafted.helpdesk).toMatchObject({ from: JSON.parse(intranet.content).helpdesk.to, to: '2027-01-30T09:00:00.000Z', opened: 1, closed: 1 });
    expect(redrafted.helpdeskReportedIn).toBeUndefined();
    // nothing overtook it since: approved as drafted, nothing composed again
    const before = repo.byId(monthly.id)!;
    app.clock.set('2027-01-30T10:00:00Z');
    expect(decideIssue(app, monthly.id, 'approve', null, 'admin (web)')).toMatchObject({ ok: true });
    expect(repo.byId(monthly.id)!.content).toBe(before.content);
  });
});
