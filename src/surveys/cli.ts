import type { Command } from 'commander';
import { TZDate } from '@date-fns/tz';
import type { CliEnv } from '../app-types.ts';
import { AppError, InputError, warningLines } from '../errors.ts';
import { countOf, fmt, formatDay, formatDecimal, formatMean, pick, quote, type Bi } from '../i18n/index.ts';
import { printJson, readCommand, runCommand } from '../cli/run.ts';
import { terminalLine } from '../cli/terminal.ts';
import { ruleRhythm } from '../plan/expand.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { createSurvey } from './create.ts';
import { exportCsv } from './export.ts';
import { noSuchSurvey, ratePercent, surveyResults, type DepartmentResult, type QuestionResult, type SurveyResults } from './results.ts';
import { closeRun, reorderClosedAnonymousRuns, runTitle, startSurveyRun } from './runs.ts';
import { postSummary } from './summary.ts';
import { firstWave, skippedWaves, skippedWaveWords } from './scheduler.ts';
import { formatLocal } from './messages.ts';
import { st, steppedText, waveWords, withheldSentence } from './texts.ts';
import type { Lang } from '../chat/model.ts';
import type { Question } from './definition.ts';
import { departmentName } from '../people/person.ts';

function localDate(now: Date, tz: string): string {
  const l = new TZDate(now.getTime(), tz);
  return `${l.getFullYear()}-${String(l.getMonth() + 1).padStart(2, '0')}-${String(l.getDate()).padStart(2, '0')}`;
}

/** "1 Durchgang", "2 Durchgänge"; "1 run", "2 runs" (likewise answers and invitations). */
function counted(n: number, lang: Lang, noun: 'answer' | 'invitation' | 'run'): string {
  return countOf(n, lang, st(lang, `${noun}One`), st(lang, `${noun}Many`));
}

/**
 * A question as the text output names it: its text in the output language, with its id (which
 * the lines of the waves and departments use) and type: "How satisfied are you? (id overall, csat)".
 */
function questionName(q: QuestionResult, def: Question | undefined, lang: Lang): string {
  // (from the survey's file: a control character in it is shown, never sent to the terminal)
  const text = def?.text;
  const words = text ? terminalLine(pick(text, lang).replace(/\s+/g, ' ').trim()) : '';
  return words ? `${words} (${st(lang, 'cliQuestionId', { id: q.id, type: q.type })})` : `${q.id} (${q.type})`;
}

/**
 * A choice's counts by the options' labels in the output language, in quotes ("«Intranet»:3"
 * / '"Intranet":3'), the option's id added where two options read the same ("«Intranet»
 * (intranet-old):1"); a value the survey no longer lists keeps its id. Numbered answers
 * (csat, nps, likert) by their number.
 */
function distributionWords(dist: Record<string, number>, def: Question | undefined, lang: Lang, percent: Record<string, number> = {}): string {
  const labelled = def && (def.type === 'choice' || def.type === 'multi');
  const label = (o: { label: Bi }) => terminalLine(pick(o.label, lang).replace(/\s+/g, ' ').trim());
  const seen = new Map<string, number>();
  if (labelled) for (const o of def.options) seen.set(label(o), (seen.get(label(o)) ?? 0) + 1);
  // a value chosen carries its share of the answers: "4:8 (67%)"
  const share = (k: string, v: number) => (v > 0 && percent[k] !== undefined ? ` (${percent[k]}%)` : '');
  return Object.entries(dist).map(([k, v]) => {
    const o = labelled ? def.options.find((x) => x.value === k) : undefined;
    if (!o) return `${terminalLine(k)}:${v}${share(k, v)}`;
    const words = label(o);
    return `${quote(words || k, lang)}${words && seen.get(words)! > 1 ? ` (${terminalLine(k)})` : ''}:${v}${share(k, v)}`;
  }).join(' ');
}

function questionLine(q: QuestionResult, def: Question | undefined, lang: Lang): string {
  const name = questionName(q, def, lang);
  if (q.withheld) return `  ${name}: ${withheldSentence(lang, q.withheld)}`;
  const parts = [`${name}: ${counted(q.count ?? 0, lang, 'answer')}`];
  if (q.mean !== null) parts.push(st(lang, 'cliMean', { v: formatMean(q.mean, lang) }));
  if (q.nps !== null) parts.push(`NPS ${q.nps}`);
  if (q.csat != null) parts.push(`CSAT ${formatDecimal(q.csat, lang, 0, 1)}%`);
  if (q.distribution && Object.keys(q.distribution).length) parts.push(distributionWords(q.distribution, def, lang, q.percent));
  if (q.leftOut) parts.push(st(lang, 'cliWithout', { waves: q.leftOut.join(', ') }));
  const lines = ['  ' + parts.join(', ')];
  for (const c of q.comments ?? []) lines.push(`    - ${terminalLine(c.replace(/\s+/g, ' '))}`);
  return lines.join('\n');
}

/** The text output of `itbot survey results`, in ITBOT_LANG (the JSON keeps its keys and reasons). */
function printResults(env: CliEnv, r: SurveyResults, lang: Lang, questions: Map<string, Question>, waveName: (runKey: string) => string, departmentWords: (id: string) => string): void {
  const rate = r.recipients ? `${ratePercent(r)}%` : '-';
  const anonymity = st(lang, `anon_${r.anonymity as 'anonymous' | 'confidential' | 'named'}`);
  // never sent: no run, so nothing withheld either ("fewer than 3 responses" of 0 would mislead)
  if (!r.waves.length) return env.out(st(lang, 'cliHeadNotSent', { id: r.surveyId, anonymity, min: r.minGroupSize }));
  // an open wave's figures are those of its last step: the head says how many have answered by now, the next line what the figures count
  const responses = r.stepped?.responsesSoFar ?? r.responses;
  const headRate = r.stepped && r.recipients ? `${ratePercent({ responses, recipients: r.recipients })}%` : rate;
  env.out(st(lang, responses === 1 ? 'cliHeadOne' : 'cliHead', { id: r.surveyId, anonymity, min: r.minGroupSize, responses, recipients: r.recipients, rate: headRate }));
  if (r.stepped?.responsesSoFar) env.out(`  ${steppedText(lang, r.stepped, r.responses)}`);
  if (r.withheld) env.out(`  ${withheldSentence(lang, r.withheld, { all: true })}`);
  for (const q of r.questions) env.out(questionLine(q, questions.get(q.id), lang));
  // each figure named by its question's id and labelled: an NPS (-100..100) is no mean; a csat's
  // CSAT (share of 4 and 5) goes with its mean, as in the overall figures
  const csat = (q: QuestionResult) => (q.csat != null ? ` ${lang === 'de' ? 'und' : 'and'} CSAT ${formatDecimal(q.csat, lang, 0, 1)}%` : '');
  const figs = (g: { questions: QuestionResult[] }) =>
    g.questions.filter((q) => q.mean !== null || q.nps !== null).map((q) => `${q.id} ${q.nps !== null ? `NPS ${q.nps}` : st(lang, 'cliMean', { v: formatMean(q.mean!, lang) })}${csat(q)}`).join(', ');
  const tail = (g: { withheld?: string; questions: QuestionResult[] }) =>
    g.withheld ? `, ${withheldSentence(lang, g.withheld)}` : figs(g) ? `, ${figs(g)}` : '';
  if (r.waves.length > 1) {
    env.out(st(lang, 'cliWaves'));
    for (const w of r.waves) env.out(`  ${waveName(w.runKey)}: ${w.responses}/${w.recipients}${w.closed ? '' : w.stepped ? st(lang, 'cliOpenSoFar', { n: w.stepped.responsesSoFar }) : st(lang, 'cliOpen')}${tail(w)}`);
  }
  if (r.departments.length) {
    env.out(st(lang, 'cliDepartments'));
    const without = (d: DepartmentResult) => (d.leftOut ? st(lang, 'cliDeptWithout', { waves: d.leftOut.map(waveName).join(', '), n: d.leftOutRecipients ?? 0, min: r.minGroupSize }) : '');
    for (const d of r.departments) env.out(`  ${terminalLine(departmentWords(d.department))}: ${d.responses}/${d.recipients}${tail(d)}${without(d)}`);
  }
}

const EVERY: Record<string, { de: [string, string]; en: [string, string] }> = {
  // once; the unit of "alle n …" / "every n …"
  YEARLY: { de: ['jährlich', 'Jahre'], en: ['every year', 'years'] },
  MONTHLY: { de: ['monatlich', 'Monate'], en: ['every month', 'months'] },
  WEEKLY: { de: ['wöchentlich', 'Wochen'], en: ['every week', 'weeks'] },
  DAILY: { de: ['täglich', 'Tage'], en: ['every day', 'days'] },
  HOURLY: { de: ['stündlich', 'Stunden'], en: ['every hour', 'hours'] },
  MINUTELY: { de: ['jede Minute', 'Minuten'], en: ['every minute', 'minutes'] },
  SECONDLY: { de: ['jede Sekunde', 'Sekunden'], en: ['every second', 'seconds'] },
};

/**
 * A recurring survey's rule in words: "alle 3 Monate" / "every 3 months", "monatlich" /
 * "every month". A rule with more than its frequency and interval (BYDAY, COUNT, …) adds
 * itself in parentheses ("monatlich (FREQ=MONTHLY;BYDAY=1TU)"); one without a frequency
 * this knows is given as it is ("Regel …" / "rule …").
 */
function rruleWords(rule: string, lang: Lang): string {
  const raw = terminalLine(rule);
  const unknown = `${lang === 'de' ? 'Regel' : 'rule'} ${raw}`;
  let rhythm: { freq: string; interval: number };
  try {
    rhythm = ruleRhythm(rule);
  } catch {
    return unknown;
  }
  const every = EVERY[rhythm.freq];
  const { interval } = rhythm;
  if (!every || !Number.isInteger(interval) || interval < 1) return unknown;
  const words = interval === 1 ? every[lang][0] : lang === 'de' ? `alle ${interval} ${every.de[1]}` : `every ${interval} ${every.en[1]}`;
  const simple = rule.split(';').filter(Boolean).every((p) => /^\s*(FREQ|INTERVAL)\s*=/i.test(p));
  return simple ? words : `${words} (${raw})`;
}

/**
 * What `survey send` and `survey close` did or could not do: in English whatever ITBOT_LANG says,
 * so scripts and logs read the same everywhere (README, Command line).
 */
const DONE = {
  cliSent: 'survey {id}: run {run} opened, {invitations} queued',
  cliExists: 'survey {id}: run {run} exists already, nothing queued (use --run-key for another run)',
  cliExistsClosed: 'survey {id}: nothing sent: run {run} was closed on {date} and is not opened again (use --run-key KEY for a new run)',
  cliStillOpen: 'survey {id}: run {run} is still open until {date}, nothing queued (those who have not answered get its reminders, the next one now with "Send the next reminder now" on the survey\'s admin page; --run-key opens another run anyway)',
  cliClosed: 'survey {id}: {runs} closed',
  cliClosedNone: 'survey {id}: no open run, nothing closed',
};

/** A run's key given to an option: refused when empty (checked before the database is opened). */
function checkRunKey(v: string | undefined, option: string, otherwise: string): void {
  if (v !== undefined && v.trim() === '') throw new InputError([{ field: option, message: `an empty run key: name the run (survey list --json shows them), or ${otherwise}` }]);
}

/** `itbot survey create|send|results|export|list|close`. */
export function registerSurveyCommands(program: Command, env: CliEnv): void {
  const survey = program.command('survey').description('satisfaction and pulse surveys in chat');
  survey
    .command('create')
    .description('define or update a survey from a YAML file; prints its id')
    .argument('<file>', 'YAML (or JSON) survey file')
    .action((file: string, o: { db?: string }) =>
      runCommand(env, o, (app) => {
        const r = createSurvey(app, file);
        for (const line of warningLines(r.warnings)) env.err(line);
        env.out(r.id);
      }),
    );
  survey
    .command('send')
    .description('open a run now and queue one invitation per recipient (the operator\'s explicit "now": no working-hours wait)')
    .argument('<id>', 'survey id')
    .option('--run-key <key>', 'the run\'s key (default send:TODAY: a second send on the same day does nothing)')
    .action((id: string, o: { db?: string; runKey?: string }) => {
      // (an unset variable in a script, --run-key "$KEY", would open a run no --wave can name)
      checkRunKey(o.runKey, '--run-key', 'leave --run-key out for send:TODAY');
      // (wave: and plan: are the keys of the scheduler's waves and of the plan's follow-up runs: one typed by hand would be taken for one of them)
      if (o.runKey && /^\s*(wave|plan):/i.test(o.runKey)) throw new InputError([{ field: '--run-key', message: `"${o.runKey}" begins like the bot's own runs (wave: for recurring waves, plan: for an event's follow-up): name the run otherwise, e.g. send:extra or q1-repeat` }]);
      return runCommand(env, o, (app) => {
        const now = app.clock.now();
        const runKey = o.runKey ?? `send:${localDate(now, app.config.ITBOT_TIMEZONE)}`;
        // (what a command did is said in English, as its errors are; what it reports follows ITBOT_LANG: README)
        const lang = 'en';
        // the same command again on another day, or while a recurring survey's wave is open, would
        // invite everyone a second time, those who answered too, while that run is still open: only
        // an explicit --run-key opens another (a plan's follow-up run has an audience of its own)
        const open = o.runKey ? undefined : new SurveyRepo(app.db).runs(id).find((r) =>
          !r.run_key.startsWith('plan:') && r.run_key !== runKey && !r.closed_at && r.closes_at > now.toISOString());
        if (open) {
          const date = formatLocal(open.closes_at, app.config.ITBOT_TIMEZONE, lang);
          env.out(fmt(DONE.cliStillOpen, { id, run: open.run_key, date }));
          return;
        }
        const r = startSurveyRun(app, id, { runKey, scheduled: false });
        for (const line of warningLines(r.notes)) env.err(line);
        const existing = r.created ? null : new SurveyRepo(app.db).run(r.runId);
        if (r.created) env.out(fmt(DONE.cliSent, { id, run: runKey, invitations: counted(r.queued, lang, 'invitation') }));
        // a run closed (early, by `survey close`, or by its time, marked or not yet) is not opened
        // again by a send: nothing was sent, which the operator asked for: say why, exit 2 (usage: --run-key)
        else if (existing && (existing.closed_at || existing.closes_at <= now.toISOString())) {
          const date = formatLocal(existing.closed_at ?? existing.closes_at, app.config.ITBOT_TIMEZONE, lang);
          throw new AppError('bad_usage', fmt(DONE.cliExistsClosed, { id, run: runKey, date }));
        } else env.out(fmt(DONE.cliExists, { id, run: runKey }));
      });
    });
  survey
    .command('results')
    .description('the results, with the anonymity and group-size rules applied')
    .argument('<id>', 'survey id')
    .option('--json', 'JSON on stdout')
    .option('--wave <runKey>', 'only this run (wave)')
    .action((id: string, o: { db?: string; json?: boolean; wave?: string }) => {
      checkRunKey(o.wave, '--wave', 'leave --wave out for every run');
      return readCommand(env, o, (app) => {
        const known = new SurveyRepo(app.db);
        // (an unknown survey is said by the results: "no such survey", not "no run")
        const s = known.get(id);
        if (o.wave && s && !known.runByKey(id, o.wave)) {
          const runs = known.runs(id);
          const keys = runs.map((r) => r.run_key);
          // (a wave a send held back: said so, not as if the key were mistyped)
          const skipped = skippedWaves(s.def, runs, app.clock.now(), app.config.ITBOT_TIMEZONE).find((w) => w.runKey === o.wave);
          const why = skipped ? `it was skipped: run ${skipped.heldBy} was still open, so nobody was invited twice; ` : '';
          throw new AppError('not_found', `survey ${id}: no run ${o.wave} (${why}${keys.length ? `its runs: ${keys.join(', ')}` : 'it has not been sent yet'})`);
        }
        // (the operator's live figures: docs/surveys.md, "Live results move in steps")
        const r = surveyResults(app, id, o.wave ? (run) => run.run_key === o.wave : undefined, { live: true });
        if (o.json) printJson(env, r);
        else {
          const repo = new SurveyRepo(app.db);
          const def = repo.get(id)?.def;
          const lang = app.config.ITBOT_LANG;
          const runs = new Map(repo.runs(id).map((run) => [run.run_key, run]));
          // a wave as the admin pages name it ("Welle vom 6. Juli 2026"); a key chosen by hand stays the key
          const waveName = (key: string) => {
            const run = runs.get(key);
            return terminalLine(def && run ? waveWords(key, runTitle(def, run), def.title, lang) : key);
          };
          // a department by its name in ITBOT_LANG, as the admin pages and the calendar feed write it (the JSON keeps the id)
          const departmentWords = (dept: string) => departmentName(app.people.department(dept), lang) ?? dept;
          printResults(env, r, lang, new Map(def?.questions.map((q) => [q.id, q]) ?? []), waveName, departmentWords);
        }
      });
    });
  survey
    .command('export')
    .description('the answers as CSV, with the anonymity and group-size rules applied')
    .argument('<id>', 'survey id')
    .option('--format <format>', 'csv', 'csv')
    .action((id: string, o: { db?: string; format: string }) => {
      // (checked before the database is opened: a mistyped option creates no database)
      if (o.format !== 'csv') throw new AppError('bad_usage', `--format: "${o.format}" is not supported (use csv)`);
      return readCommand(env, o, (app) => {
        env.out(exportCsv(app, id, { live: true }).replace(/\n$/, ''));
      });
    });
  survey
    .command('list')
    .description('the surveys and their runs')
    .option('--json', 'JSON on stdout')
    .action((o: { db?: string; json?: boolean }) =>
      readCommand(env, o, (app) => {
        const repo = new SurveyRepo(app.db);
        const surveys = repo.all();
        const list = surveys.map((s) => {
          const runs = repo.runs(s.def.id);
          return {
            id: s.def.id,
            title: pick(s.def.title, app.config.ITBOT_LANG),
            anonymity: s.anonymity,
            minGroupSize: s.minGroupSize,
            rrule: s.def.rrule,
            runs: runs.map((r) => ({ runKey: r.run_key, openedAt: r.opened_at, closesAt: r.closes_at, closed: r.closed_at !== null })),
            // the waves a send's open run held back (nobody is invited twice)
            skippedWaves: skippedWaves(s.def, runs, app.clock.now(), app.config.ITBOT_TIMEZONE),
          };
        });
        if (o.json) return printJson(env, list);
        const lang = app.config.ITBOT_LANG;
        const now = app.clock.now().toISOString();
        // (nothing at all would read as a command that failed: say there are none, as plan upcoming and projects list do)
        if (!list.length) env.out(st(lang, 'cliListNone'));
        for (const [i, s] of list.entries()) {
          const open = s.runs.filter((r) => !r.closed && r.closesAt > now).length;
          // (a recurring survey never sent: when its first wave goes out, in the organisation's zone)
          const first = s.runs.length ? null : firstWave(surveys[i]!.def, app.clock.now(), app.config.ITBOT_TIMEZONE);
          const notSent = [st(lang, 'cliListNotSent'), ...(first ? [st(lang, 'cliListFirstWave', { date: formatDay(first.localDate, lang), time: first.localTime })] : [])].join(', ');
          const runs = s.runs.length ? [counted(s.runs.length, lang, 'run'), ...(open ? [st(lang, 'cliListOpen', { n: open })] : [])].join(', ') : notSent;
          const anonymity = st(lang, `anon_${s.anonymity as 'anonymous' | 'confidential' | 'named'}`);
          env.out(`${s.id}  ${anonymity}  ${s.title}  (${runs}${s.rrule ? `, ${rruleWords(s.rrule, lang)}` : ''})`);
          for (const w of s.skippedWaves) env.out(`  ${skippedWaveWords(surveys[i]!.def, w, lang)}`);
        }
      }),
    );
  survey
    .command('close')
    .description('close the open runs of a survey now and post their result cards')
    .argument('<id>', 'survey id')
    .action((id: string, o: { db?: string }) =>
      runCommand(env, o, (app) => {
        const repo = new SurveyRepo(app.db);
        const s = repo.get(id);
        if (!s) throw noSuchSurvey(id);
        let n = 0;
        for (const run of repo.runs(id).filter((r) => !r.closed_at)) {
          if (closeRun(app, s.def, run, (closed) => postSummary(app, s.def, closed))) n++;
        }
        reorderClosedAnonymousRuns(app);
        // (what a command did is said in English, as its errors are: README)
        const lang = 'en';
        env.out(n ? fmt(DONE.cliClosed, { id, runs: counted(n, lang, 'run') }) : fmt(DONE.cliClosedNone, { id }));
      }),
    );
}
