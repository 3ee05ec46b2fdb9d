import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app-types.ts';
import { flat, say, testApp, type TestApp } from '../doubles/app.ts';
import { renderDistributionChart, renderTrendChart } from '../../src/charts/render.ts';
import { startServer } from '../../src/server.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { chartUrl, summaryCard } from '../../src/surveys/summary.ts';
import { CHART_LINK_DAYS } from '../../src/surveys/chart-links.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { answer, basic, define, people } from './helpers.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47];

/** Six people in Sales, the pulse survey for groups of three, and a run three of them answered with 5: the run's id. */
async function answeredByThree(app: TestApp): Promise<number> {
  people(app, { Sales: 6 });
  define(app, basic({ minGroupSize: 3 }));
  const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
  for (const e of ['sales-1@x.example', 'sales-2@x.example', 'sales-3@x.example']) await answer(app, e, runId, 'overall', '5');
  return runId;
}

describe('charts (vega-lite -> vega -> SVG, PNG through resvg)', () => {
  it('renders a distribution bar chart and a trend line chart', async () => {
    const svg = await renderDistributionChart({ title: 'Distribution', bars: [{ label: '1', count: 2 }, { label: '<b>5</b>', count: 7 }], lang: 'en' });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Distribution');
    expect(svg).toContain('&lt;b&gt;5&lt;/b&gt;'); // labels are text, escaped
    expect(svg).toMatch(/<path[^>]+d="M/); // bars drawn by vega, not by us
    const png = await renderDistributionChart({ title: 'x', bars: [{ label: 'a', count: 1 }], lang: 'en' }, 'png');
    expect([...png.subarray(0, 4)]).toEqual(PNG);
    const line = await renderTrendChart({ title: 'Trend', points: [{ label: 'Q1', value: 3.5 }, { label: 'Q2', value: null }, { label: 'Q3', value: 4.1 }], domain: [1, 5], lang: 'en' });
    expect(line).toContain('Q3');
    expect([...(await renderTrendChart({ title: 't', points: [{ label: 'a', value: 1 }], lang: 'en' }, 'png')).subarray(0, 4)]).toEqual(PNG);
  });
});

describe('GET /charts/survey/:id/:chart.png', () => {
  let app: TestApp;
  afterEach(() => app.cleanup());

  it('serves group-size-checked charts only, from signed links', async () => {
    app = testApp({ env: { ITBOT_ADMIN_TOKEN: 'sekret-token-123' } });
    people(app, { Sales: 6 });
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    const server = await startServer(app, { port: 0, background: false, adapters: [] });
    try {
      const get = (path: string) => fetch(server.url + path);
      const url = chartUrl(app, 'pulse', `dist-${runId}-overall`, 'en');
      expect(url).toMatch(/sig=[0-9a-f]{32}/);
      expect((await get(url)).status).toBe(404); // one answer: withheld
      for (const e of ['sales-2@x.example', 'sales-3@x.example']) await answer(app, e, runId, 'overall', '5');
      const ok = await get(url);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect([...new Uint8Array(await ok.arrayBuffer()).subarray(0, 4)]).toEqual(PNG);
      expect((await get(url.replace(/sig=[0-9a-f]+/, 'sig=' + '0'.repeat(32)))).status).toBe(403);
      expect((await get(`/charts/survey/pulse/dist-${runId}-overall.png`)).status).toBe(403);
      const svg = await get(chartUrl(app, 'pulse', `dist-${runId}-overall`, 'de').replace('.png', '.svg'));
      expect(svg.status).toBe(200); // the signature covers the chart, in either format
      expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
      expect(await svg.text()).toContain('Verteilung');
      // a trend link draws closed waves only: nothing while the only wave is open
      expect((await get(chartUrl(app, 'pulse', 'trend-overall', 'en'))).status).toBe(404);
      expect((await get(chartUrl(app, 'pulse', 'dist-999-overall', 'en'))).status).toBe(404);
      expect((await get(chartUrl(app, 'nope', 'trend-overall', 'en'))).status).toBe(404);
      expect((await get('/charts/survey/pulse/..%2Fetc.png')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('without an admin token the links are signed with the database\'s own secret: a guessed link is refused', async () => {
    app = testApp();
    const runId = await answeredByThree(app);
    const server = await startServer(app, { port: 0, background: false, adapters: [] });
    try {
      const url = chartUrl(app, 'pulse', `dist-${runId}-overall`, 'en');
      expect(url).toMatch(/sig=[0-9a-f]{32}/);
      expect((await fetch(server.url + url)).status).toBe(200);
      expect((await fetch(server.url + `/charts/survey/pulse/dist-${runId}-overall.png`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('the trend chart of a posted result card', () => {
  let app: TestApp;
  afterEach(() => app.cleanup());

  it('keeps showing the waves the card showed: the next wave\'s answers, while it is open, never move it', async () => {
    app = testApp();
    const emails = people(app, { Sales: 6 });
    define(app, basic({ minGroupSize: 3 }));
    const repo = new SurveyRepo(app.db);
    const def = repo.get('pulse')!.def;
    const wave = async (key: string, scores: string[], close: boolean) => {
      const { runId } = startSurveyRun(app, 'pulse', { runKey: key, scheduled: false });
      for (const [i, v] of scores.entries()) await answer(app, emails[i]!, runId, 'overall', v);
      if (close) closeRun(app, def, repo.run(runId)!);
      app.clock.advance(8 * 86_400_000);
      return runId;
    };
    await wave('w1', ['5', '5', '5'], true);
    const w2 = await wave('w2', ['3', '3', '3'], true);
    const run2 = repo.run(w2)!;
    const card = summaryCard(app, def, run2, surveyResults(app, 'pulse', (r) => r.id === w2), 'en');
    const image = card.blocks!.find((b) => b.type === 'image' && /\/trend/.test(b.url));
    const link = image!.type === 'image' ? image!.url.replace('.png', '.svg') : '';
    const oldLink = chartUrl(app, 'pulse', 'trend-overall', 'en').replace('.png', '.svg');
    const server = await startServer(app, { port: 0, background: false, adapters: [] });
    try {
      const svg = async (url: string) => {
        const r = await fetch(server.url + url);
        expect(r.status).toBe(200);
        return r.text();
      };
      const posted = await svg(link);
      const before = await svg(oldLink);
      // the third wave opens; three answers, then a fourth: someone watching the link would see each one
      const { runId: w3 } = startSurveyRun(app, 'pulse', { runKey: 'w3', scheduled: false });
      const label3 = repo.run(w3)!.opened_at.slice(0, 10);
      expect(posted).not.toContain(label3);
      for (const e of emails.slice(0, 3)) await answer(app, e, w3, 'overall', '1');
      expect(await svg(link)).toBe(posted);
      await answer(app, emails[3]!, w3, 'overall', '5');
      expect(await svg(link)).toBe(posted);
      // the links of cards posted before: the closed waves only
      expect(await svg(oldLink)).toBe(before);
      // closed, the third wave is on its own card; the second card's link still shows what it showed
      closeRun(app, def, repo.run(w3)!);
      expect(await svg(link)).toBe(posted);
      expect(await svg(oldLink)).toContain(label3);
    } finally {
      await server.close();
    }
  });
});

describe('chart link signatures', () => {
  let app: TestApp;
  afterEach(() => app.cleanup());

  it('are keyed with the database\'s own secret: a card composed without the admin token works on a server that has one, and the link does not depend on the token', async () => {
    app = testApp({ env: { ITBOT_ADMIN_TOKEN: 'server-admin-token-0123456789' } });
    const runId = await answeredByThree(app);
    const chart = `dist-${runId}-overall`;
    // the same database as seen by a CLI command whose environment has no admin token, or another one
    const cliApp = { ...app, config: { ...app.config, ITBOT_ADMIN_TOKEN: undefined } } as App;
    const otherToken = { ...app, config: { ...app.config, ITBOT_ADMIN_TOKEN: 'another-token-9876543210' } } as App;
    const fromCli = chartUrl(cliApp, 'pulse', chart, 'en');
    expect(chartUrl(app, 'pulse', chart, 'en')).toBe(fromCli);
    expect(chartUrl(otherToken, 'pulse', chart, 'en')).toBe(fromCli);
    const tokenMac = createHmac('sha256', 'server-admin-token-0123456789').update(`survey-chart:pulse/${chart}`).digest('hex').slice(0, 32);
    expect(fromCli).not.toContain(tokenMac);
    const server = await startServer(app, { port: 0, background: false, adapters: [] });
    try {
      expect((await fetch(server.url + fromCli)).status).toBe(200);
      // a link signed with the admin token (cards of early versions) is refused: it would let
      // whoever saw one test guesses of the token against the server
      const byToken = await fetch(server.url + `/charts/survey/pulse/${chart}.png?lang=en&sig=${tokenMac}`);
      expect(byToken.status).toBe(403);
      expect(await byToken.json()).toEqual({ error: 'chart links are signed: use the link from the result card' });
      expect((await fetch(server.url + `/charts/survey/pulse/${chart}.png?lang=en&sig=${'f'.repeat(32)}`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('chart links expire', () => {
  let app: TestApp;
  afterEach(() => app.cleanup());

  it('a link works for its days, then is refused; its expiry cannot be moved; cards posted before links expired keep their images', async () => {
    app = testApp({ env: { ITBOT_ADMIN_TOKEN: 'server-admin-token-0123456789' } });
    const runId = await answeredByThree(app);
    const chart = `dist-${runId}-overall`;
    const url = chartUrl(app, 'pulse', chart, 'en');
    const exp = Number(/[?&]exp=(\d+)/.exec(url)![1]);
    expect(exp * 1000).toBe(app.clock.now().getTime() - (app.clock.now().getTime() % 1000) + CHART_LINK_DAYS * 86_400_000);
    // the signature covers the expiry: a link cannot be made to last longer
    const moved = url.replace(`exp=${exp}`, `exp=${exp + 86_400 * 365}`);
    const noExp = url.replace(`&exp=${exp}`, '');
    // a card posted before links expired: signed with the database's secret, no expiry
    const secret = (app.db.prepare("SELECT value FROM system_state WHERE key = 'admin.session_secret'").get() as { value: string }).value;
    const before = `/charts/survey/pulse/${chart}.png?lang=en&sig=${createHmac('sha256', secret).update(`survey-chart:pulse/${chart}`).digest('hex').slice(0, 32)}`;
    const server = await startServer(app, { port: 0, background: false, adapters: [] });
    try {
      const status = async (u: string) => (await fetch(server.url + u)).status;
      expect(await status(url)).toBe(200);
      expect(await status(moved)).toBe(403);
      expect(await status(noExp)).toBe(403);
      expect(await status(before)).toBe(200);
      app.clock.advance(CHART_LINK_DAYS * 86_400_000 - 2000);
      expect(await status(url)).toBe(200);
      app.clock.advance(2000);
      const expired = await fetch(server.url + url);
      expect(expired.status).toBe(403);
      expect((await expired.json()).error).toMatch(/has expired/);
      expect(await status(moved)).toBe(403);
      // a new card's link works again
      expect(await status(chartUrl(app, 'pulse', chart, 'en'))).toBe(200);
      expect(await status(before)).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('a manager asks how many of their team have not answered', () => {
  let app: TestApp;
  beforeEach(() => {
    app = testApp();
  });
  afterEach(() => app.cleanup());

  it('gets a number, never names, and nothing for groups below the minimum', async () => {
    people(app, { Sales: 5, HR: 2 });
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-2@x.example', runId, 'overall', '4');
    const r = flat(await app.bot.handle(say('How many of my team have not answered the survey yet?', 'sales-1@x.example')));
    expect(r).toMatch(/"Pulse": 4 of 5 people in Sales have not answered yet \(I never say who\)/);
    for (let i = 3; i <= 5; i++) expect(r).not.toContain(`sales-${i}`);
    expect(r).not.toContain('Person');
    const small = flat(await app.bot.handle(say('how many of my team have not answered?', 'hr-1@x.example')));
    expect(small).toMatch(/fewer than 3 people in HR were invited/);
    const notManager = flat(await app.bot.handle(say('how many of my team have not answered?', 'sales-3@x.example')));
    expect(notManager).toMatch(/Only managers/);
    const de = flat(await app.bot.handle(say('Wie viele aus meinem Team haben noch nicht geantwortet?', 'sales-1@x.example')));
    expect(de).toMatch(/4 of 5/); // the person's language setting (en) wins
  });

  it('understands the question asked as "who", "still need to" or "have answered", never as a catalog gap; not "who has not answered my ticket"', async () => {
    people(app, { Sales: 5 }, { lang: 'en' });
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-2@x.example', runId, 'overall', '4');
    const gaps = () => (app.db.prepare('SELECT count(*) AS n FROM catalog_gaps').get() as { n: number }).n;
    for (const q of ['Who in my team has not answered the survey yet?', 'Wer aus meinem Team hat noch nicht geantwortet?', 'How many of my team still need to answer the survey?', 'how many have answered the survey?', 'How many people answered the pulse?', 'Wie viele haben die Umfrage schon beantwortet?', 'Wie viele aus meinem Team haben an der Umfrage teilgenommen?']) {
      expect(flat(await app.bot.handle(say(q, 'sales-1@x.example'))), q).toMatch(/"Pulse": 4 of 5 people in Sales have not answered yet \(I never say who\)/);
    }
    expect(gaps()).toBe(0);
    expect(flat(await app.bot.handle(say('Who has not answered my ticket yet?', 'sales-1@x.example')))).not.toMatch(/Pulse/);
  });

  it('does not count people who left the directory (people import --replace) without answering', async () => {
    const emails = people(app, { Sales: 6 }, { lang: 'en' });
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-2@x.example', runId, 'overall', '4');
    await answer(app, 'sales-3@x.example', runId, 'overall', '4');
    // sales-3 answered and sales-6 did not; both are gone from the file imported with --replace
    app.people.deactivateAllBut(emails.filter((e) => e !== 'sales-3@x.example' && e !== 'sales-6@x.example'));
    const r = flat(await app.bot.handle(say('How many of my team have not answered the survey?', 'sales-1@x.example')));
    expect(r).toMatch(/"Pulse": 3 of 5 people in Sales have not answered yet/);
  });

  it('counts the team as it is now: someone a people import moved to another department counts there, and a group a move makes small shows no number', async () => {
    people(app, { Sales: 5, HR: 3 }, { lang: 'en' });
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-2@x.example', runId, 'overall', '4');
    // sales-5 (not answered) moves to HR
    app.people.upsert({ ...app.people.byEmail('sales-5@x.example')!, department: 'HR' });
    const ask = async (manager: string) => flat(await app.bot.handle(say('How many of my team have not answered the survey?', manager)));
    expect(await ask('sales-1@x.example')).toMatch(/"Pulse": 3 of 4 people in Sales have not answered yet/);
    expect(await ask('hr-1@x.example')).toMatch(/"Pulse": 4 of 4 people in HR have not answered yet/);
    // two more leave Sales: the two left are fewer than the group size, so no number
    for (const e of ['sales-3@x.example', 'sales-4@x.example']) app.people.upsert({ ...app.people.byEmail(e)!, department: 'HR' });
    const small = await ask('sales-1@x.example');
    expect(small).toMatch(/fewer than 3 people in Sales were invited/);
    expect(small).not.toMatch(/of 2/);
  });

  it('says "1 von 5 … hat" and "1 of 5 … has" when one is left', async () => {
    const [manager, ...team] = people(app, { Sales: 5 }, { lang: 'de' });
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const email of [manager!, ...team.slice(0, 3)]) await answer(app, email, runId, 'overall', '4');
    const de = flat(await app.bot.handle(say('Wie viele aus meinem Team haben noch nicht geantwortet?', manager)));
    expect(de).toMatch(/«Puls»: 1 von 5 Personen aus Sales hat noch nicht geantwortet \(wer, sage ich nicht\)/);
    app.people.upsert({ ...app.people.byEmail(manager!)!, language: 'en' });
    const en = flat(await app.bot.handle(say('How many of my team have not answered the survey?', manager)));
    expect(en).toMatch(/"Pulse": 1 of 5 people in Sales has not answered yet \(I never say who\)/);
  });
});
