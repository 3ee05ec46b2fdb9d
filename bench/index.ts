// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line).
// Each exports `run(): Promise<void>` and prints its own figures and ratios.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
for (const f of files) {
  console.log(`\n== ${f.replace('.bench.ts', '')} ==`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run: () => Promise<void> };
  await mod.run();
}
process.exit(0);
