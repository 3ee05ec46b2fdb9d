// Catalog answer latency in process over a generated catalog of 2,000 services:
// p50/p99 of `answerQuestion` (search, ranking, retired handling) and the peak memory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importCatalog } from '../src/catalog/import.ts';
import { answerQuestion } from '../src/catalog/answer.ts';
import { catalogSearch } from '../src/catalog/search.ts';
import type { Service } from '../src/catalog/model.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** 2,000 services, the size the issue names (BENCH_CATALOG_N for a quick run) */
const N = Number(process.env.BENCH_CATALOG_N ?? 2000);

/** N services: the demo services recombined with department, site and product words. */
export function generateCatalog(): string {
  const demo = YAML.parse(readFileSync(resolve(here, '../data/catalog.yaml'), 'utf8')) as { services: Service[]; answers: unknown[] };
  const sites = ['Zürich', 'Bern', 'Basel', 'Lausanne', 'Lugano', 'Chur', 'St. Gallen', 'Luzern'];
  const units = ['Finanzen', 'Marketing', 'Verkauf', 'Logistik', 'Produktion', 'Personal', 'Forschung', 'Einkauf', 'Recht', 'Qualität'];
  const products = ['Pro', 'Plus', 'Basic', 'Premium', 'Cloud', 'Mobile', 'Lab', 'Express', 'Secure', 'Connect'];
  const services: Array<Record<string, unknown>> = [];
  for (let i = 0; i < N; i++) {
    const base = demo.services[i % demo.services.length]!;
    const site = sites[i % sites.length]!;
    const unit = units[Math.floor(i / 7) % units.length]!;
    const product = products[Math.floor(i / 3) % products.length]!;
    services.push({
      ...base,
      id: `${base.id}-${i}`,
      name: { de: `${(base.name as { de: string }).de} ${product} ${unit} ${site}`, en: `${(base.name as { en: string }).en} ${product} ${unit} ${site}` },
      status: base.status === 'retired' ? 'active' : base.status,
      replacedBy: undefined,
      keywords: { de: [...(base.keywords as { de: string[] }).de, unit, `${unit}${product}`], en: [...(base.keywords as { en: string[] }).en, product] },
    });
  }
  return YAML.stringify({ services }, { aliasDuplicateObjects: false });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itbot-bench-'));
  try {
    const file = join(dir, `catalog-${N}.yaml`);
    writeFileSync(file, generateCatalog());
    const app = createApp({ config: loadConfig({ ...process.env, ITBOT_LANG: 'en' }), db: join(dir, 'bench.db') });
    let t = performance.now();
    importCatalog(app, file);
    const importMs = performance.now() - t;
    t = performance.now();
    catalogSearch(app.db).index();
    const buildMs = performance.now() - t;
    const questions = readFileSync(resolve(here, '../test/catalog/eval-questions.jsonl'), 'utf8')
      .split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q);
    for (const q of questions.slice(0, 50)) answerQuestion(app.db, q); // warm-up (JIT, caches)
    const times: number[] = [];
    const cpu: number[] = [];
    let peak = process.memoryUsage().rss;
    for (let round = 0; round < 8; round++) {
      for (const q of questions) {
        const c = process.cpuUsage();
        const s = performance.now();
        answerQuestion(app.db, q);
        times.push(performance.now() - s);
        const d = process.cpuUsage(c);
        cpu.push((d.user + d.system) / 1000);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    // messages of the chat's maximum length, of patterns that once cost time with the square of the length
    let longMs = 0;
    for (const p of ['http://a.b/c ', 'vpnx lptop pasword druker ', 'ich bin weg ', 'fängt a ']) {
      const q = p.repeat(Math.ceil(4000 / p.length)).slice(0, 4000);
      const s = performance.now();
      answerQuestion(app.db, q);
      longMs = Math.max(longMs, performance.now() - s);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
    console.log(`catalog: ${N} services, import ${importMs.toFixed(0)} ms, index build ${buildMs.toFixed(0)} ms`);
    console.log(`answers: ${times.length}  p50 ${pct(times, 50).toFixed(2)} ms  p99 ${pct(times, 99).toFixed(2)} ms  max ${times[times.length - 1]!.toFixed(2)} ms  (target p99 < 10 ms)`);
    console.log(`CPU time per answer (excludes waiting for a core): p50 ${pct(cpu, 50).toFixed(2)} ms  p99 ${pct(cpu, 99).toFixed(2)} ms`);
    console.log(`4,000-character messages (repeated words, links): slowest ${longMs.toFixed(1)} ms`);
    console.log(`peak memory (RSS): ${(maxRss / 1048576).toFixed(0)} MB`);
    // on a shared machine the tail is the scheduler's, not the search's: say how busy it was
    console.log(`machine load average: ${loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores; fastest answer ${times[0]!.toFixed(2)} ms`);
    app.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
