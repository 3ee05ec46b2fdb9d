import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { testApp, type TestApp } from './app.ts';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer, type ServeOptions } from '../../src/server.ts';
import { loadDemo } from '../../src/cli/core-commands.ts';

export interface DemoBrowser {
  app: TestApp;
  server: RunningServer;
  browser: Browser;
  page: Page;
}

export interface DemoBrowserOptions {
  now?: string;
  env?: Record<string, string>;
  /** runs after the demo data is loaded, before the server starts */
  prepare?: (app: TestApp) => void | Promise<void>;
  serve?: ServeOptions;
  page?: BrowserContextOptions;
}

/**
 * The demo company served on a random loopback port, with headless Chromium on one page:
 * the setup every browser test shares. `now` defaults to the wall clock (real timers run); the
 * browser's language to de-CH (`page.locale` sets another).
 */
export async function openDemoBrowser(opts: DemoBrowserOptions = {}): Promise<DemoBrowser> {
  const app = testApp({ now: opts.now ?? 'wall', env: { ITBOT_LANG: 'de', ...opts.env } });
  await loadDemo(app);
  await opts.prepare?.(app);
  const server = await startServer(app, { port: 0, host: '127.0.0.1', ...opts.serve });
  const browser = await launchBrowser();
  // (a browser in Swiss German, as the demo company's: the web chat follows the browser's language)
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: 'de-CH', ...opts.page });
  return { app, server, browser, page };
}

export async function closeDemoBrowser(d: Partial<DemoBrowser>): Promise<void> {
  await d.browser?.close();
  await d.server?.close();
  d.app?.cleanup();
}

/**
 * The demo browser of a test file: opened before its tests (`demo.page`, `demo.server`, …, set
 * from then on, also for a `beforeAll` of the file's own that comes after this call) and closed
 * after them.
 */
export function demoBrowserPerFile(opts: DemoBrowserOptions = {}): DemoBrowser {
  const demo = {} as DemoBrowser;
  beforeAll(async () => {
    Object.assign(demo, await openDemoBrowser(opts));
  });
  afterAll(() => closeDemoBrowser(demo));
  return demo;
}
