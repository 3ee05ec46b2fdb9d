// `npm run eval:catalog`: top-1 accuracy on answerable questions and correct abstention on
// out-of-scope ones, for the catalog search and for a plain FTS5 bm25 baseline over the
// same catalog. Options: --questions FILE (JSONL: q, lang, expect: [ids] | null, tag)
// --catalog FILE (default data/catalog.yaml) --verbose (print every miss).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { answerQuestion, closestOffers } from '../../src/catalog/answer.ts';
import { catalogSearch } from '../../src/catalog/search.ts';
import { evalSets } from './sets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const verbose = args.includes('--verbose');
// by default: the demo catalog with its questions, then the differently written catalogs (sets.ts)
const sets: Array<[string, string]> = args.includes('--catalog') || args.includes('--questions')
  ? [[opt('--catalog', resolve(here, '../../data/catalog.yaml')), opt('--questions', join(here, 'eval-questions.jsonl'))]]
  : evalSets();
for (const [catalogFile, questionsFile] of sets) evaluate(catalogFile, questionsFile);

function evaluate(catalogFile: string, questionsFile: string): void {

  interface Q { q: string; lang: string; expect: string[] | null; tag: string }
  const questions: Q[] = readFileSync(questionsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Q);

  const dir = mkdtempSync(join(tmpdir(), 'itbot-eval-'));
  const app = createApp({ config: loadConfig({ ...process.env, ITBOT_LANG: 'en' }), db: join(dir, 'eval.db') });
  importCatalog(app, catalogFile);

  type Tally = { ok: number; n: number };
  const t = () => ({ ok: 0, n: 0 });
  const ours = { answerable: t(), oos: t(), byTag: new Map<string, Tally>() };
  const base = { answerable: t(), oos: t(), byTag: new Map<string, Tally>() };
  const bump = (m: Map<string, Tally>, tag: string, ok: boolean) => {
    const x = m.get(tag) ?? t();
    x.n++;
    if (ok) x.ok++;
    m.set(tag, x);
  };
  const engine = catalogSearch(app.db);
  const retired = t();
  // answerable questions the bot was unsure about: how often its fallback buttons (closestOffers)
  // held the right one, and first
  const unsure = { n: 0, first: 0, offered: 0 };
  for (const q of questions) {
    const a = answerQuestion(app.db, q.q);
    const b = engine.baseline(q.q);
    const bTop = b[0]?.ref.split(':')[1];
    if (q.expect) {
      const ok = a.answered && q.expect.includes(a.results[0]!.id);
      ours.answerable.n++;
      if (ok) ours.answerable.ok++;
      bump(ours.byTag, q.tag, ok);
      const bok = !!bTop && q.expect.includes(bTop);
      base.answerable.n++;
      if (bok) base.answerable.ok++;
      bump(base.byTag, q.tag, bok);
      // a question that expects only a retired service: the bot never offers it as the answer (it says it is retired
      // and answers with its replacement), so it counts as a miss above; how many of those name the retired one is shown
      if (q.expect.every((id) => engine.service(id)?.status === 'retired')) {
        retired.n++;
        if (a.retired && q.expect.includes(a.retired.id)) retired.ok++;
      }
      if (!a.answered) {
        unsure.n++;
        const offered = closestOffers(a).map((r) => r.id);
        if (offered[0] && q.expect.includes(offered[0])) unsure.first++;
        if (offered.some((id) => q.expect!.includes(id))) unsure.offered++;
      }
      if (!ok && verbose) console.log(`MISS  ${q.q}  -> ${a.answered ? '' : '(abstained) '}${a.results.slice(0, 3).map((r) => `${r.id}:${r.score}`).join(' ')}  want ${q.expect.join('|')}`);
    } else {
      const ok = !a.answered;
      ours.oos.n++;
      if (ok) ours.oos.ok++;
      bump(ours.byTag, 'oos', ok);
      base.oos.n++;
      if (!bTop) base.oos.ok++;
      if (!ok && verbose) console.log(`FALSE ${q.q}  -> ${a.results.slice(0, 2).map((r) => `${r.id}:${r.score}`).join(' ')}`);
    }
}
const pct = (x: Tally) => (x.n ? ((100 * x.ok) / x.n).toFixed(1) + '%' : '-');
console.log(`\ncatalog ${catalogFile.split('/').slice(-2).join('/')}, ${questions.length} questions`);
console.log(`                          catalog search   plain FTS5 bm25`);
console.log(`top-1 accuracy (${ours.answerable.n})`.padEnd(26) + pct(ours.answerable).padEnd(17) + pct(base.answerable));
console.log(`correct abstention (${ours.oos.n})`.padEnd(26) + pct(ours.oos).padEnd(17) + pct(base.oos));
for (const [tag, x] of [...ours.byTag].sort()) {
  if (tag === 'oos') continue;
  console.log(`  ${tag} (${x.n})`.padEnd(26) + pct(x).padEnd(17) + pct(base.byTag.get(tag) ?? t()));
}
if (unsure.n) console.log(`  unsure (${unsure.n}): the right one offered as a button ${unsure.offered}, as the first button ${unsure.first}`);
if (retired.n) console.log(`  expecting a retired service (${retired.n}): ${retired.ok} named as retired, with the replacement as the answer`);
app.db.close();
rmSync(dir, { recursive: true, force: true });
}
