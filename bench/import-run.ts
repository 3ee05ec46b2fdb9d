// One catalog import in a process of its own, for bench/import.bench.ts: prints its time, CPU
// time and the process's peak memory (RSS) as one JSON line. Usage: import-run.ts FILE DB
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { importCatalog } from '../src/catalog/import.ts';

const [file, db] = process.argv.slice(2);
const app = createApp({ config: loadConfig({ ...process.env, ITBOT_LANG: 'en' }), db: db! });
const cpu = process.cpuUsage();
const t = performance.now();
const r = importCatalog(app, file!);
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
app.db.close();
console.log(JSON.stringify({ services: r.services, ms, cpuMs: (used.user + used.system) / 1000, maxRss: process.resourceUsage().maxRSS * 1024 }));
