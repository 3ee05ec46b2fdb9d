import type { Command } from 'commander';
import type { CliEnv } from '../app-types.ts';
import { InputError, warningLines } from '../errors.ts';
import { pick, quote } from '../i18n/index.ts';
import { printJson, readCommand, runCommand, wholeNumberOption } from '../cli/run.ts';
import { terminalLine } from '../cli/terminal.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { importPlan } from './import.ts';
import { dayRange, lastYearAhead, MAX_RANGE_YEARS, occurrenceRecords, upcoming, yearsAfter, YEARS_AHEAD } from './upcoming.ts';
import { kindName, planTexts } from './texts.ts';
import { planIcs } from './ics.ts';
import { listedState, planReport, REMOVED_KIND } from './report.ts';
import type { Lang } from '../chat/model.ts';
import { planFeedback, scoreText, type FeedbackFigures } from './feedback.ts';
import { toFloating } from './local-time.ts';
import { headOfItProblem } from './items.ts';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(v: string | undefined, opt: string): void {
  if (v === undefined) return;
  const d = new Date(`${v}T00:00:00Z`);
  if (!DAY_RE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new InputError([{ field: opt, message: `"${v}" is not a date like 2027-01-31` }]);
  }
}

/** A day at most YEARS_AHEAD years ahead: the plan is expanded from each event's start up to it. */
function checkAhead(day: string, opt: string, today: string): void {
  const last = lastYearAhead(today);
  if (Number(day.slice(0, 4)) > last) throw new InputError([{ field: opt, message: `${day} is more than ${YEARS_AHEAD} years ahead (the last day listed is ${last}-12-31)` }]);
}

/**
 * A title (or other text from the plan file) on one line of the text output: a line break,
 * without the spaces around it, as " / "; a control character shown, never sent to the terminal.
 */
function titleLine(s: string): string {
  return terminalLine(s.replace(/\s*(\r\n|[\r\n\u2028\u2029\u0085])\s*/g, '\n'));
}

/** An event kind in words in the report's language (KIND_NAMES, as the admin plan page shows it); the id of one it does not know. */
function kindWords(lang: Lang, kind: string): string {
  return kind === REMOVED_KIND ? planTexts(lang, 'cliKindRemoved') : kindName(lang, kind);
}

/** `itbot plan import|upcoming|ics|report`. */
export function registerPlanCommands(program: Command, env: CliEnv): void {
  const plan = program.command('plan').description('the communication plan');
  plan
    .command('import')
    .description('import the plan (YAML); events are updated by id; all or nothing')
    .argument('<file>', 'YAML file')
    .option('--replace', 'the file becomes the whole plan: events not in it are removed and their messages cancelled')
    .action((file: string, o: { replace?: boolean; db?: string }) =>
      runCommand(env, o, (app) => {
        const r = importPlan(app, file, { replace: o.replace });
        for (const line of warningLines(r.warnings)) env.err(line);
        env.out(`plan imported: ${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged${o.replace ? `, ${r.deleted} removed` : ''}`);
      }),
    );
  plan
    .command('upcoming')
    .description('the occurrences from --from to --to (whole days in the plan\'s time zone; default today and the next 90 days)')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--json', 'JSON on stdout')
    .action((o: { from?: string; to?: string; json?: boolean; db?: string }) => {
      // (checked before the database is opened: a mistyped option creates no database)
      checkDay(o.from, '--from');
      checkDay(o.to, '--to');
      return readCommand(env, o, (app) => {
        const repo = new PlanRepo(app.db);
        const p = repo.plan();
        const tz = p?.timezone ?? app.config.ITBOT_TIMEZONE;
        const today = toFloating(app.clock.now(), tz).toISOString().slice(0, 10);
        const fromDay = o.from ?? today;
        const toDay = o.to ?? new Date(Date.parse(`${fromDay}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
        // (without --from the list starts today: say so, not name an option that was not given)
        if (toDay < fromDay) throw new InputError([{ field: '--to', message: `${toDay} is before ${o.from ? `--from ${fromDay}` : `today (${fromDay}), where the list starts without --from`}` }]);
        checkAhead(fromDay, '--from', today);
        checkAhead(toDay, '--to', today);
        if (toDay > yearsAfter(fromDay, MAX_RANGE_YEARS)) {
          throw new InputError([{ field: '--to', message: `${toDay} is more than ${MAX_RANGE_YEARS} years after --from ${fromDay} (the longest range listed); ask for a shorter one` }]);
        }
        const { from, to } = dayRange(fromDay, toDay, tz);
        // every occurrence of the plan, also one recorded as skipped (skipping records what
        // happened, the plan stays), each with its state by the report's rule (overdue once it
        // ended more than a day ago without Done or Skip, as `plan report` and the admin calendar say)
        const records = occurrenceRecords(app.db);
        const stored = new Map(p ? repo.events().map((s) => [s.event.id, s]) : []);
        const now = app.clock.now();
        const items = (p ? upcoming(p, from, to) : []).map((i) => {
          const r = records.get(`${i.eventId}|${i.occurrence}`);
          return { ...i, state: listedState(stored.get(i.eventId), r?.state, new Date(i.end), now), reason: r?.reason ?? null };
        });
        if (o.json) {
          printJson(env, items.map((i) => ({ eventId: i.eventId, title: pick(i.title, app.config.ITBOT_LANG), kind: i.kind, occurrence: i.occurrence, start: i.start, end: i.end, audience: i.audience, owner: i.owner, state: i.state })));
          return;
        }
        const lang = app.config.ITBOT_LANG;
        const mark = (i: { state: string; reason: string | null }) =>
          i.state === 'skipped'
            ? `  (${i.reason ? planTexts(lang, 'cliSkippedReason', { reason: titleLine(i.reason) }) : planTexts(lang, 'cliSkipped')})`
            : i.state === 'done' ? `  (${planTexts(lang, 'cliDone')})` : i.state === 'overdue' ? `  (${planTexts(lang, 'cliOverdue')})` : '';
        if (!p) env.out(planTexts(lang, 'cliNoPlan'));
        else if (items.length === 0) env.out(planTexts(lang, 'cliNothingBetween', { from: fromDay, to: toDay }));
        for (const i of items) {
          const aud = Array.isArray(i.audience) ? i.audience.join(',') : i.audience;
          env.out(`${i.start.slice(0, 16).replace('T', ' ')}  ${i.eventId}  ${titleLine(pick(i.title, app.config.ITBOT_LANG))}  [${titleLine(aud)}; ${titleLine(i.owner)}]${mark(i)}`);
        }
      });
    });
  plan
    .command('ics')
    .description('the plan as an iCalendar (RFC 5545) document on stdout')
    .action((o: { db?: string }) =>
      readCommand(env, o, (app) => {
        // the line printer adds the final "\n": leave the "\r" so the document ends in CRLF
        env.out(planIcs(app).replace(/\n$/, ''));
      }),
    );
  plan
    .command('report')
    .description('plan against actual per event kind and quarter: planned, done, skipped, overdue, missed reminders and announcements; feedback per event and kind')
    .option('--year <year>', 'the year (default: this year)')
    .option('--json', 'JSON on stdout')
    .action((o: { year?: string; json?: boolean; db?: string }) => {
      // (checked before the database is opened: a mistyped option creates no database)
      const given = o.year === undefined ? undefined : wholeNumberOption('--year', o.year, 1970, 9999, 'a year from 1970 to 9999');
      return readCommand(env, o, async (app) => {
        const planTz = new PlanRepo(app.db).timezone();
        const tz = planTz ?? app.config.ITBOT_TIMEZONE;
        const year = given ?? toFloating(app.clock.now(), tz).getUTCFullYear();
        const last = lastYearAhead(toFloating(app.clock.now(), tz).toISOString().slice(0, 10));
        if (year > last) throw new InputError([{ field: '--year', message: `${year} is more than ${YEARS_AHEAD} years ahead (the last year reported is ${last})` }]);
        const r = planReport(app, year);
        const feedback = await planFeedback(app, year);
        // (an addition: who gets the overdue notices, when it is not the head of IT the operator named)
        const headOfIt = headOfItProblem(app, 'en');
        if (o.json) {
          printJson(env, { ...r, ...(feedback ? { feedback } : {}), ...(headOfIt ? { headOfItProblem: headOfIt } : {}) });
          return;
        }
        // the text in ITBOT_LANG, as `survey results` (the JSON above keeps its keys and English reasons)
        const lang = app.config.ITBOT_LANG;
        // an empty table would read as a plan with nothing in it: say what is missing, as `plan upcoming` does
        if (!planTz) {
          env.out(planTexts(lang, 'cliNoPlan'));
          return;
        }
        env.out(planTexts(lang, 'cliReportHead', { year: r.year, tz: r.timezone }));
        if (headOfIt) env.out(headOfItProblem(app, lang)!);
        if (!r.rows.length) {
          env.out(planTexts(lang, 'cliNothingIn', { year: r.year }));
          return;
        }
        // each column as wide as its heading (the kind at least 20, and as wide as its longest name), the figures right-aligned under it
        const cols = (['cliColKind', 'cliColQuarter', 'cliColPlanned', 'cliColDone', 'cliColSkipped', 'cliColOverdue', 'cliColOpen', 'cliColMissedReminders', 'cliColMissedAnnouncements'] as const).map((k) => planTexts(lang, k));
        // (in the order of the kinds' names in the report's language, the removed events' kind last; the JSON keeps the ids' order)
        const rows = r.rows
          .map((x) => ({ x, kind: kindWords(lang, x.kind) }))
          .sort((a, b) => Number(a.x.kind === REMOVED_KIND) - Number(b.x.kind === REMOVED_KIND) || a.kind.localeCompare(b.kind, lang) || a.x.quarter.localeCompare(b.x.quarter));
        const widths = cols.map((c, i) => (i === 0 ? Math.max(20, c.length, ...rows.map((k) => k.kind.length)) : c.length));
        env.out(cols.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c)).join('  '));
        for (const { x, kind } of rows) {
          const figures = [x.planned, x.done, x.skipped, x.overdue, x.open, x.missedReminders, x.missedAnnouncements].map((n, i) => String(n).padStart(widths[i + 2]!));
          env.out([kind.padEnd(widths[0]!), x.quarter.padEnd(widths[1]!), ...figures].join('  '));
        }
        const t = r.totals;
        env.out(planTexts(lang, 'cliTotal', { ...t }));
        // one line per reason: a line break typed into the reason becomes " / ", a control character is shown, never sent to the terminal
        for (const s of r.skippedReasons) env.out(planTexts(lang, 'cliSkippedLine', { eventId: s.eventId, occurrence: s.occurrence, reason: terminalLine(s.reason ?? '') }));
        if (feedback?.events.length) {
          env.out(planTexts(lang, 'cliFeedbackHead'));
          // an open run's figures are those of its last step (docs/surveys.md)
          if (feedback.kinds.some((k) => k.openRuns)) env.out(planTexts(lang, 'cliFeedbackOpen'));
          // (whole percent rounded once from the counts, as the survey's own results do)
          const rate = (f: { requests: number }, n: number) => (f.requests ? `${Math.round((n * 100) / f.requests)}%` : '-');
          // the invitations, and those that never reached anyone before the survey closed
          const requests = (f: { requests: number; missedRequests: number }) =>
            `${planTexts(lang, f.requests === 1 ? 'cliRequestOne' : 'cliRequestMany', { n: f.requests })}${f.missedRequests ? planTexts(lang, 'cliRequestsMissed', { n: f.missedRequests }) : ''}`;
          // who has answered by now, and, while an open run's figures lag behind, how many they count
          const responses = (f: { requests: number; responses: number; responsesSoFar: number }) =>
            f.responsesSoFar === f.responses
              ? planTexts(lang, f.responses === 1 ? 'cliResponseOne' : 'cliResponseMany', { n: f.responses, rate: rate(f, f.responses) })
              : planTexts(lang, f.responsesSoFar === 1 ? 'cliResponseSoFarOne' : 'cliResponseSoFarMany', {
                n: f.responsesSoFar,
                rate: rate(f, f.responsesSoFar),
                counted: f.responses ? planTexts(lang, 'cliFiguresAsOf', { n: f.responses }) : planTexts(lang, 'cliNoneCounted'),
              });
          const runs = (f: { runs: number; openRuns: number }) => `${planTexts(lang, f.runs === 1 ? 'cliRunOne' : 'cliRunMany', { n: f.runs })}${f.openRuns ? planTexts(lang, 'cliRunsOpen', { n: f.openRuns }) : ''}`;
          const figures = (f: FeedbackFigures) => `${runs(f)}, ${requests(f)}, ${responses(f)}, ${scoreText(f, lang)}`;
          for (const f of feedback.events) {
            // (the event's title in quotes of the language, as `survey results` quotes an option)
            const title = f.title ? ` ${quote(titleLine(pick(f.title, lang)), lang)}` : '';
            env.out(planTexts(lang, 'cliEventLine', { eventId: f.eventId, title, kind: kindWords(lang, f.kind), surveyId: f.surveyId, figures: figures(f) }));
          }
          for (const f of feedback.kinds) {
            const events = planTexts(lang, f.events === 1 ? 'cliEventOne' : 'cliEventMany', { n: f.events });
            env.out(planTexts(lang, 'cliKindLine', { kind: kindWords(lang, f.kind), surveyId: f.surveyId, figures: `${events}, ${figures(f)}` }));
          }
        }
      });
    });
}
