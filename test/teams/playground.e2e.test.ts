import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { catalogFeature } from '../../src/catalog/feature.ts';
import type { App } from '../../src/app-types.ts';
import { cli } from '../doubles/cli.ts';
import { stopProcess } from '../doubles/process.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../doubles/browser.ts';

/**
 * The real path end to end: `itbot serve` (with its outbox worker and schedulers) behind the Microsoft 365 Agents Playground, a Teams-like client that posts
 * activities to /api/messages from loopback and serves a mock connector for the replies,
 * driven in headless Chromium.
 */
const PLAYGROUND = resolve('node_modules/.bin/agentsplayground');
// the playground's default signed-in user
const ALEX = { email: 'alexw@example.com', aad: '00000000-0000-0000-0000-0000000000020' };

function localIn(tz: string, d: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(PLAYGROUND))('Teams end to end: Agents Playground in headless Chromium', () => {
  let dir: string;
  let dbFile: string;
  let app: App;
  let serve: ChildProcess;
  let playground: ChildProcess;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'itbot-teams-e2e-'));
    dbFile = join(dir, 'itbot.db');
    const config = loadConfig({ ITBOT_LANG: 'en', ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00', ITBOT_DB: dbFile });
    app = createApp({ config, db: dbFile });
    await catalogFeature.demo?.(app);
    app.people.upsert({ email: 'ka.finance@example.com', name: 'Karin Aebi', department: 'Finance', manager: false, language: 'en', timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
    app.people.upsert({ email: ALEX.email, name: 'Alex Wilber', department: 'Finance', manager: true, language: 'en', timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
    app.people.upsertDepartment({ id: 'Finance', nameDe: 'Finanzen', nameEn: 'Finance', keyAccountEmail: 'ka.finance@example.com', itChannelSlack: null, itChannelTeams: null });
    // `itbot serve` as an operator runs it, on the same database: the HTTP server, outbox worker, schedulers
    serve = spawn(process.execPath, [resolve('bin/itbot.mjs'), 'serve', '--port', '0', '--db', dbFile], {
      env: { ...process.env, ITBOT_LANG: 'en', ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00', ITBOT_LOG_FORMAT: 'json', ITBOT_LOG_LEVEL: 'info',
        MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '', MICROSOFT_APP_TENANT_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let serveLog = '';
    serve.stdout!.on('data', (b: Buffer) => (serveLog += b.toString()));
    serve.stderr!.on('data', (b: Buffer) => (serveLog += b.toString()));
    const serverUrl = await until('itbot serve to listen', () => /itbot serving on (http:\/\/[^"\s]+)/.exec(serveLog)?.[1], 60_000);

    // the playground writes ./devTools into its working directory: give it its own
    const pgDir = join(dir, 'playground');
    mkdirSync(pgDir);
    playground = spawn(PLAYGROUND, ['-e', `${serverUrl}/api/messages`, '-c', 'msteams', '-p', '0', '--dt'], {
      cwd: pgDir,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    playground.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    playground.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const port = await until('the playground to listen', () => /Listening on (\d+)/.exec(output)?.[1], 30_000);

    browser = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'chromium-')), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' });
    // opening the personal chat installs the app: our reference for Alex is stored, linked by e-mail
    await until('the conversation reference', () =>
      app.db.prepare(`SELECT 1 FROM conversation_refs WHERE platform = 'teams' AND key = ?`).get(ALEX.aad),
    );
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    playground?.kill('SIGTERM');
    await stopProcess(serve);
    app?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function say(text: string): Promise<void> {
    const box = page.locator('[data-lexical-editor="true"]');
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  it('links the playground user to the directory on install', () => {
    expect(app.people.byEmail(ALEX.email)?.teamsUserId).toBe(ALEX.aad);
  }, 90_000);

  it('answers a catalog question with the service card and "who is my IT contact?" with the contact card', async () => {
    await say('How do I get VPN access from home?');
    await page.getByText('Lets you reach internal applications and files securely from home').first().waitFor({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: '👍' }).count()).resolves.toBeGreaterThan(0);
    await say('Who is my IT contact?');
    await page.getByText('Your IT contact').first().waitFor({ timeout: 20_000 });
    await page.getByText('Karin Aebi').first().waitFor({ timeout: 5_000 });
  }, 90_000);

  it('sends a survey invitation proactively and records the answer clicked on the card', async () => {
    const file = join(dir, 'survey.yaml');
    writeFileSync(
      file,
      [
        'id: teams-e2e',
        'title: {de: Kurzumfrage Teams, en: Quick Teams pulse}',
        'anonymity: named',
        'minGroupSize: 1',
        `audience: [${ALEX.email}]`,
        'closes: P7D',
        'questions:',
        '  - {id: overall, type: csat, text: {de: Wie zufrieden sind Sie mit der IT?, en: How satisfied are you with IT overall?}}',
      ].join('\n'),
    );
    const created = await cli(['survey', 'create', file, '--db', dbFile]);
    expect(created.code, created.err).toBe(0);
    const sent = await cli(['survey', 'send', 'teams-e2e', '--db', dbFile]);
    expect(sent.code, sent.err).toBe(0);
    // the server's outbox worker picks it up and our sender delivers it with the stored reference
    await page.getByText('How satisfied are you with IT overall?').first().waitFor({ timeout: 20_000 });
    const row = await until('the invitation to be sent', () =>
      app.db.prepare(`SELECT state, platform FROM outbox WHERE kind LIKE 'survey%' AND target = ? AND state = 'sent'`).get(ALEX.email) as { state: string; platform: string } | undefined,
    );
    expect(row.platform).toBe('teams');
    const four = page.getByRole('button', { name: '4', exact: true });
    await four.last().click();
    await page.getByText('Thank you for your answer').first().waitFor({ timeout: 20_000 });
    // Action.Execute: the invitation card itself was refreshed with the recorded answer and a way to change it
    await until('the invitation card to be replaced', async () => (await four.count()) === 0, 10_000);
    const change = page.getByRole('button', { name: 'Change answer', exact: true });
    await change.last().waitFor({ timeout: 10_000 });
    // "Change answer" brings the buttons back; another click changes the recorded answer
    await change.last().click();
    await four.last().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '5', exact: true }).last().click();
    await page.getByText('your answer has been changed').first().waitFor({ timeout: 20_000 });
    const results = await cli(['survey', 'results', 'teams-e2e', '--json', '--db', dbFile]);
    const json = JSON.parse(results.out) as { responses: number; questions: Array<{ distribution?: Record<string, number> }> };
    expect(json.responses).toBe(1);
    expect(json.questions[0]!.distribution?.['5']).toBe(1);
    expect(json.questions[0]!.distribution?.['4'] ?? 0).toBe(0);
  }, 90_000);

  it('answers a two-question survey in its card form (radio buttons and text, Action.Execute with inputs)', async () => {
    const file = join(dir, 'survey-form.yaml');
    writeFileSync(
      file,
      [
        'id: teams-e2e-form',
        'title: {de: Formular Teams, en: Teams form survey}',
        'anonymity: named',
        'minGroupSize: 1',
        `audience: [${ALEX.email}]`,
        'closes: P7D',
        'questions:',
        '  - {id: rating, type: csat, text: {de: Wie gut war der Anlass?, en: How good was the event?}}',
        '  - {id: comment, type: text, optional: true, text: {de: Was fehlte?, en: What was missing?}}',
      ].join('\n'),
    );
    expect((await cli(['survey', 'create', file, '--db', dbFile])).code).toBe(0);
    expect((await cli(['survey', 'send', 'teams-e2e-form', '--db', dbFile])).code).toBe(0);
    await page.getByText('How good was the event?').first().waitFor({ timeout: 20_000 });
    await page.getByRole('radio', { name: '5' }).last().check();
    await page.getByRole('textbox', { name: /What was missing/ }).last().fill('More *coffee* [please](x)');
    await page.getByRole('button', { name: 'Submit' }).last().click();
    await until('the form answers to be recorded', async () => {
      const r = await cli(['survey', 'results', 'teams-e2e-form', '--json', '--db', dbFile]);
      return (JSON.parse(r.out) as { responses: number }).responses === 1;
    });
    const exported = await cli(['survey', 'export', 'teams-e2e-form', '--format', 'csv', '--db', dbFile]);
    expect(exported.out).toContain('More *coffee* [please](x)');
    expect(exported.out).toMatch(/\b5\b/);
  }, 90_000);

  it('delivers a plan reminder proactively', async () => {
    const start = localIn('Europe/Zurich', new Date(Date.now() + 2 * 3_600_000 - 60_000));
    const file = join(dir, 'plan.yaml');
    writeFileSync(
      file,
      [
        'timezone: Europe/Zurich',
        'events:',
        '  - id: teams-e2e-info',
        '    title: {de: IT-Info Teams-Test, en: IT info Teams test}',
        '    kind: info-meeting',
        `    start: ${start}`,
        '    duration: PT1H',
        '    audience: all',
        `    owner: ${ALEX.email}`,
        '    reminders: [PT2H]',
      ].join('\n'),
    );
    const imported = await cli(['plan', 'import', file, '--db', dbFile]);
    expect(imported.code, imported.err).toBe(0);
    // the plan scheduler queues the reminder for the owner, the outbox worker sends it to Teams
    await page.getByText('IT info Teams test').first().waitFor({ timeout: 45_000 });
    const row = app.db.prepare(`SELECT state, platform FROM outbox WHERE idempotency_key LIKE 'plan:teams-e2e-info:%' AND target = ?`).get(ALEX.email) as
      | { state: string; platform: string }
      | undefined;
    expect(row).toMatchObject({ state: 'sent', platform: 'teams' });
  }, 90_000);
});
