// Catalog import of a large CSV: a generated catalog of N services (BENCH_IMPORT_N, default
// 165,000, about 15 MB, under the 20 MB limit), imported into a new database and then again
// over itself (every service updated), each in a process of its own so its peak memory is its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_IMPORT_N ?? 165_000);

/** N services in the CSV form, with words repeated the way a real catalog repeats them. */
export function generateCsv(n: number): string {
  const de = ['Drucker', 'Laptop', 'VPN', 'Konto', 'Netz', 'Mail', 'Telefon', 'Server', 'Backup', 'Lizenz', 'Portal', 'Zugang'];
  const en = ['printer', 'laptop', 'VPN', 'account', 'network', 'mail', 'phone', 'server', 'backup', 'licence', 'portal', 'access'];
  const out = ['id,name_de,name_en,summary_de,summary_en,keywords_de,status'];
  for (let i = 0; i < n; i++) {
    const a = i % 12;
    const b = Math.floor(i / 12) % 12;
    out.push(`svc-${i},${de[a]} ${de[b]} ${i},${en[a]} ${en[b]} ${i},${de[a]} für ${de[b]},${en[a]} for ${en[b]},${de[b]};x${i % 97},active`);
  }
  return out.join('\n') + '\n';
}

interface Run { services: number; ms: number; cpuMs: number; maxRss: number }

function importOnce(file: string, db: string): Run {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'import-run.ts'), file, db], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itbot-bench-import-'));
  try {
    const file = join(dir, `catalog-${N}.csv`);
    writeFileSync(file, generateCsv(N));
    const mb = (statSync(file).size / 1048576).toFixed(1);
    const db = join(dir, 'bench.db');
    const line = (what: string, r: Run) =>
      console.log(`${what}: ${r.services} services, ${(r.ms / 1000).toFixed(1)} s (CPU ${(r.cpuMs / 1000).toFixed(1)} s), peak memory (RSS) ${(r.maxRss / 1048576).toFixed(0)} MB`);
    console.log(`CSV of ${N} services, ${mb} MB`);
    line('import into a new database', importOnce(file, db));
    line('import again (every service updated)', importOnce(file, db));
    console.log(`machine load average: ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
