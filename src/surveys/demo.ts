import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RRule } from './rrule.ts';
import type { App } from '../app-types.ts';
import type { Lang } from '../chat/model.ts';
import { DATA_DIR } from '../paths.ts';
import { audienceTerms, resolveAudience } from '../people/audience.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { createSurvey } from './create.ts';
import { addDuration } from './duration.ts';
import { localToInstant } from './runs.ts';
import { personLanguage } from '../people/person.ts';

/** A small seeded random generator: the demo answers are the same on every load. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMENTS = [
  'Mehr Vorlaufzeit bei Umstellungen, bitte.',
  'Der Helpdesk ist schnell und freundlich.',
  'Please explain new tools in short videos.',
  'Laptop-Bestellungen dauern zu lange.',
];

/**
 * Two past, closed waves of the it-pulse with synthetic anonymous answers from the demo
 * managers, so results, trend and charts have something to show. Stored exactly as real
 * anonymous answers are: participation plus counts, no link between them.
 */
function seedPastWaves(app: App): number {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get('it-pulse');
  if (!stored || !stored.def.rrule || !stored.def.start || stored.def.closes.kind !== 'after') return 0;
  const def = stored.def;
  const tz = app.config.ITBOT_TIMEZONE;
  const now = app.clock.now();
  const rule = new RRule({ ...RRule.parseString(def.rrule!), dtstart: new Date(def.start + ':00Z') });
  const closesAfter = def.closes.kind === 'after' ? def.closes.duration : 'P14D';
  const past = rule
    .between(new Date(def.start + ':00Z'), new Date(now.getTime() + 86_400_000), true)
    .map((d) => ({ key: `wave:${d.toISOString().slice(0, 10)}`, at: localToInstant(d.toISOString().slice(0, 16), tz) }))
    .filter((w) => addDuration(w.at, closesAfter) < now)
    .slice(-2);
  let seeded_ = 0;
  past.forEach((w, i) => {
    if (repo.runByKey(def.id, w.key)) return;
    const rnd = seeded(1234 + i);
    const closesAt = addDuration(w.at, closesAfter);
    tx(app.db, () => {
      const run = repo.createRun({ surveyId: def.id, runKey: w.key, title: null, scheduled: true, openedAt: w.at, closesAt, audience: audienceTerms(def.audience) });
      const people = resolveAudience(app.people, def.audience);
      const perDept = new Map<string, number>();
      for (const p of people) if (p.department) perDept.set(p.department, (perDept.get(p.department) ?? 0) + 1);
      for (const p of people) {
        const grp = p.department && perDept.get(p.department)! >= def.minGroupSize ? p.department : null;
        repo.addRecipient({ run_id: run.id, email: p.email, department: p.department, grp, lang: personLanguage(p, app.config.ITBOT_LANG) });
      }
      const respondents = people.filter(() => rnd() < 0.8 - 0.1 * (1 - i));
      for (const p of respondents) {
        const grp = repo.recipient(run.id, p.email)!.grp ?? '';
        repo.participate(run.id, p.email, grp);
        const lift = i; // the later wave is a little better: the trend has a direction
        const tally = (q: string, v: string) => {
          repo.addAnonTally(run.id, q, v);
        };
        for (const q of ['overall', 'recommend', 'informed']) tally(q, '');
        tally('overall', String(Math.min(5, 3 + Math.floor(rnd() * 2) + (rnd() < 0.3 * lift ? 1 : 0))));
        tally('recommend', String(Math.min(10, 5 + Math.floor(rnd() * 5) + lift)));
        tally('informed', String(Math.min(5, 2 + Math.floor(rnd() * 3) + lift)));
        const picked = ['chat', 'intranet', 'newsletter', 'meetings', 'key-account'].filter(() => rnd() < 0.4);
        if (picked.length) {
          tally('channels', '');
          for (const v of picked) tally('channels', v);
        }
        if (rnd() < 0.5) {
          tally('comment', '');
          repo.addAnonComment(run.id, 'comment', COMMENTS[Math.floor(rnd() * COMMENTS.length)]!);
        }
      }
      repo.close(run.id, closesAt);
      repo.foldSmallAnonGroups(run.id, def.minGroupSize);
    });
    seeded_++;
  });
  return seeded_;
}

/** `itbot demo load`: the surveys of data/surveys/*.yaml and two past pulse waves. */
export function loadSurveyDemo(app: App): void {
  const dir = join(DATA_DIR, 'surveys');
  for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) createSurvey(app, join(dir, f));
  seedPastWaves(app);
}
