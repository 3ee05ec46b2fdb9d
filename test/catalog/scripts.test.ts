// `npm run eval:catalog` and `npm run bench` (catalog part) as operators run them: the scripts
// start, read their input and print the figures the issue asks for. Figures are checked for
// what they count, never for speed (speed targets live in the benchmark itself).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testApp, testFile, type TestApp } from '../doubles/app.ts';

const run = promisify(execFile);
const node = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, maxBuffer: 10 * 1024 * 1024 });

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

describe('the evaluation script', () => {
  it('prints top-1 accuracy, correct abstention, each tag, the unsure answers\' buttons and the retired-service count, beside the bm25 baseline', async () => {
    const catalog = testFile(app, 'cat.yaml', `services:
  - id: vpn
    name: {de: VPN-Fernzugriff, en: VPN remote access}
    summary: {de: "Von zuhause sicher ins Firmennetz.", en: "Into the company network safely from home."}
  - id: printing
    name: {de: Drucken, en: Printing}
    summary: {de: "Drucker und Kopierer an allen Standorten.", en: "Printers and copiers at every site."}
  - id: fax
    name: {de: Faxdienst, en: Fax service}
    summary: {de: "Faxe senden und empfangen.", en: "Send and receive faxes."}
    status: retired
    replacedBy: printing
`);
    const questions = testFile(app, 'q.jsonl', [
      { q: 'wie bekomme ich VPN?', lang: 'de', expect: ['vpn'], tag: 'de' },
      { q: 'Mein Drucker druckt nicht', lang: 'de', expect: ['printing'], tag: 'de' },
      // (the bot never offers a retired service: it names it as retired and answers with the replacement, a miss here)
      { q: 'Gibt es noch den Faxdienst?', lang: 'de', expect: ['fax'], tag: 'de' },
      // two the bot is unsure about: one offers the right service as its first button, one offers nothing
      { q: 'safely from the office', lang: 'en', expect: ['vpn'], tag: 'paraphrase' },
      { q: 'Papier nachfüllen im Büro', lang: 'de', expect: ['printing'], tag: 'paraphrase' },
      { q: 'Wie wird das Wetter morgen?', lang: 'de', expect: null, tag: 'oos' },
      { q: 'Wo ist die Kantine?', lang: 'de', expect: null, tag: 'oos' },
    ].map((x) => JSON.stringify(x)).join('\n'));
    const { stdout } = await node(['test/catalog/eval.ts', '--catalog', catalog, '--questions', questions]);
    expect(stdout).toMatch(/7 questions/);
    expect(stdout).toMatch(/top-1 accuracy \(5\)\s+40\.0%\s+\d+\.\d%/);
    expect(stdout).toMatch(/correct abstention \(2\)\s+100\.0%\s+\d+\.\d%/);
    expect(stdout).toMatch(/^ {2}de \(3\)\s+66\.7%/m);
    expect(stdout).toMatch(/^ {2}paraphrase \(2\)\s+0\.0%/m);
    expect(stdout).toMatch(/unsure \(2\): the right one offered as a button 1, as the first button 1/);
    expect(stdout).toMatch(/expecting a retired service \(1\): 1 named as retired/);
  }, 120_000);
});

describe('the catalog benchmark', () => {
  it('prints p50 and p99 answer latency beside the target, the CPU time and the peak memory', async () => {
    const { stdout } = await node(['bench/index.ts', 'catalog'], { BENCH_CATALOG_N: '60' });
    expect(stdout).toMatch(/catalog: 60 services, import \d+ ms, index build \d+ ms/);
    expect(stdout).toMatch(/answers: \d+ {2}p50 [\d.]+ ms {2}p99 [\d.]+ ms {2}max [\d.]+ ms {2}\(target p99 < 10 ms\)/);
    expect(stdout).toMatch(/CPU time per answer .*p50 [\d.]+ ms {2}p99 [\d.]+ ms/);
    expect(stdout).toMatch(/peak memory \(RSS\): \d+ MB/);
  }, 180_000);
});

describe('the import benchmark', () => {
  it('prints the time, CPU time and peak memory of a generated CSV imported into a new database and again', async () => {
    const { stdout } = await node(['bench/index.ts', 'import'], { BENCH_IMPORT_N: '50' });
    expect(stdout).toMatch(/CSV of 50 services, [\d.]+ MB/);
    expect(stdout).toMatch(/import into a new database: 50 services, [\d.]+ s \(CPU [\d.]+ s\), peak memory \(RSS\) \d+ MB/);
    expect(stdout).toMatch(/import again \(every service updated\): 50 services, [\d.]+ s \(CPU [\d.]+ s\), peak memory \(RSS\) \d+ MB/);
  }, 180_000);
});
