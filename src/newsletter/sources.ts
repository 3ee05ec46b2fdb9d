import type { App } from '../app-types.ts';
import type { Bi } from '../i18n/index.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { NEWSLETTER_ONLY, ProjectsRepo } from '../store/projects-repo.ts';
import { NewsletterRepo } from '../store/newsletter-repo.ts';
import { skippedOccurrences, upcoming } from '../plan/upcoming.ts';
import { surveyResults } from '../surveys/results.ts';
import { runTitle } from '../surveys/runs.ts';
import type { SurveyDef } from '../surveys/definition.ts';
import type { RunRow } from '../store/survey-repo.ts';
import { audienceTerms } from '../people/audience.ts';
import { loadStrategy } from '../projects/strategy.ts';
import { helpdeskFigures, type HelpdeskFigures } from './helpdesk.ts';
import type { EventItem, ProjectItem, ServiceItem, StrategyItem, SurveyItem } from './model.ts';

/**
 * What the composer draws on, one method per section. The default implementation reads the
 * catalog, plan, survey, project and helpdesk data (read-only); tests may pass their own.
 * Every method returns candidates; the composer drops what an earlier issue already reported.
 */
export interface NewsletterSources {
  /** services whose status is `new` or `retiring` now */
  services(): ServiceItem[];
  /** project phases reached and milestones passed in [from, to) */
  projectNews(from: Date, to: Date): ProjectItem[];
  /** roadmap milestones of the IT strategy marked done */
  strategyReached(): StrategyItem[];
  /** survey runs closed in [from, to), with their results as the survey module shows them */
  closedSurveys(from: Date, to: Date): SurveyItem[];
  /** plan occurrences for everyone (other than newsletters) starting in [from, to] */
  upcomingEvents(from: Date, to: Date): EventItem[];
  /** helpdesk figures for [from, to), null when no export covers it */
  helpdesk(from: Date, to: Date): HelpdeskFigures | null;
}

const PLAN_RUN_KEY = /^plan:([a-z0-9-]+):/;

/**
 * Whom a survey run was sent to (audience terms in file syntax): as the run keeps it; for a
 * run opened before that was kept, the plan event's audience (a follow-up run) or the survey's.
 * A follow-up run whose event is no longer known has no audience: its results reach no reader.
 */
export function runAudience(app: App, def: SurveyDef, run: RunRow): string[] {
  if (run.audience) return JSON.parse(run.audience) as string[];
  const m = PLAN_RUN_KEY.exec(run.run_key);
  if (!m) return audienceTerms(def.audience);
  const plan = new PlanRepo(app.db);
  const ev = plan.event(m[1]!)?.event ?? plan.removedEvents().find((r) => r.event.id === m[1])?.event ?? null;
  return ev ? ev.audience : [];
}

/** The audience of the run a newsletter's survey item reports (by its key), as runAudience. */
export function surveyItemAudience(app: App, item: Pick<SurveyItem, 'key' | 'surveyId' | 'audience'>): string[] {
  if (item.audience) return item.audience;
  const surveys = new SurveyRepo(app.db);
  const runId = Number(/:run:(\d+)$/.exec(item.key)?.[1]);
  const run = Number.isSafeInteger(runId) ? surveys.run(runId) : null;
  const stored = surveys.get(item.surveyId);
  return run && stored && run.survey_id === item.surveyId ? runAudience(app, stored.def, run) : [];
}

export function defaultSources(app: App): NewsletterSources {
  return {
    services() {
      const catalog = new CatalogRepo(app.db);
      const all = catalog.services();
      const byId = new Map(all.map((s) => [s.id, s]));
      return all
        .filter((s) => s.status === 'new' || s.status === 'retiring')
        .map((s) => ({
          key: `service:${s.id}:${s.status}`,
          id: s.id,
          status: s.status as 'new' | 'retiring',
          name: s.name,
          summary: s.summary,
          replacedBy: s.replacedBy ? byId.get(s.replacedBy)?.name ?? null : null,
          url: s.request?.url ?? null,
        }));
    },
    projectNews(from, to) {
      const repo = new ProjectsRepo(app.db);
      const out: ProjectItem[] = [];
      for (const n of repo.newsBetween(from.toISOString(), to.toISOString())) {
        const p = repo.get(n.projectId);
        if (!p) continue;
        const m = n.milestoneDate ? p.milestones.find((x) => x.date === n.milestoneDate) : undefined;
        out.push({
          key: n.key, id: p.id, title: p.title, changes: p.changes, kind: n.kind, phase: n.phase,
          milestone: m?.title ?? null, date: n.milestoneDate, link: p.link, audience: p.audience,
          ...(n.announcedAt === NEWSLETTER_ONLY ? { newsletterOnly: true } : {}),
        });
      }
      return out;
    },
    strategyReached() {
      const s = loadStrategy(app);
      return (s?.roadmap ?? []).filter((m) => m.done).map((m) => ({ key: `strategy:${m.id}`, id: m.id, title: m.title, date: m.date }));
    },
    closedSurveys(from, to) {
      const surveys = new SurveyRepo(app.db);
      const actions = new NewsletterRepo(app.db);
      const f = from.toISOString();
      const t = to.toISOString();
      const out: SurveyItem[] = [];
      for (const s of surveys.all()) {
        for (const run of surveys.runs(s.def.id)) {
          if (!run.closed_at || run.closed_at < f || run.closed_at >= t) continue;
          // the survey module applies the group-size rule; we only read what it shows
          const res = surveyResults(app, s.def.id, (r) => r.id === run.id);
          // a run nobody answered has nothing to report: no "0 responses, too few to show results"
          if (!res.responses) continue;
          const figures: SurveyItem['figures'] = [];
          if (!res.withheld) {
            for (const q of res.questions) {
              const def = s.def.questions.find((x) => x.id === q.id);
              if (!def || q.withheld) continue;
              if (q.type === 'nps' && q.nps !== null) figures.push({ question: def.text, type: 'nps', value: q.nps });
              else if ((q.type === 'csat' || q.type === 'likert') && q.mean !== null) figures.push({ question: def.text, type: q.type === 'csat' ? 'csat' : 'rating', value: q.mean });
            }
          }
          out.push({
            key: `survey:${s.def.id}:run:${run.id}`,
            surveyId: s.def.id,
            title: runTitle(s.def, run) as Bi,
            recipients: res.recipients,
            responses: res.responses,
            withheld: res.withheld ?? null,
            ...(res.heldBack ? { heldBack: res.heldBack } : {}),
            figures,
            actions: actions.actions(s.def.id, run.id),
            audience: runAudience(app, s.def, run),
          });
        }
      }
      return out;
    },
    upcomingEvents(from, to) {
      const plan = new PlanRepo(app.db).plan();
      if (!plan) return [];
      // the dates that concern every reader; department meetings are announced by the plan itself
      return upcoming(plan, from, to, (ev) => ev.kind !== 'newsletter' && ev.audience.includes('all'), skippedOccurrences(app.db)).map((u) => ({
        key: `event:${u.eventId}@${u.occurrence}`, eventId: u.eventId, title: u.title, kind: u.kind, start: u.start,
      }));
    },
    helpdesk(from, to) {
      return helpdeskFigures(app, from, to);
    },
  };
}
