import type { Command } from 'commander';
import type { CliEnv } from '../app-types.ts';
import type { Lang } from '../chat/model.ts';
import { AppError, InputError } from '../errors.ts';
import { printJson, readCommand, runCommand } from '../cli/run.ts';
import { NewsletterRepo } from '../store/newsletter-repo.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { noSuchSurvey } from '../surveys/results.ts';
import { VARIANTS, isEmpty, type NewsletterContent, type Variant } from './model.ts';
import { renderText } from './render.ts';
import { plainInput } from '../chat/bot.ts';
import { contentForVariant, contentOf, draftFor, editorialOf, issueAudience, nextOccurrence, occurrenceKey, readerContent } from './issues.ts';
import type { App } from '../app-types.ts';
import { issueSummary } from './admin-api.ts';

function checkLang(v: string | undefined): Lang | undefined {
  if (v === undefined) return undefined;
  if (v !== 'de' && v !== 'en') throw new InputError([{ field: '--lang', message: `"${v}" is not de or en` }]);
  return v;
}

function checkVariant(v: string | undefined): Variant | undefined {
  if (v === undefined) return undefined;
  if (!(VARIANTS as readonly string[]).includes(v)) throw new InputError([{ field: '--variant', message: `"${v}" is not ${VARIANTS.join(' or ')}` }]);
  return v as Variant;
}

/** Every version as its readers get it (survey results only for the surveys' audiences). */
function rendered(app: App, c: NewsletterContent, editorial: { de: string | null; en: string | null }, audience: string[]) {
  const out: Record<string, Record<Lang, string>> = {};
  for (const v of VARIANTS) {
    const cv = contentForVariant(app, c, v, audience);
    out[v] = { de: renderText(cv, 'de', v, editorial.de), en: renderText(cv, 'en', v, editorial.en) };
  }
  return out as Record<Variant, Record<Lang, string>>;
}

/** How long a "you said, we did" action may be. */
const MAX_ACTION = 1000;

/** `itbot newsletter draft|list|show|action`. */
export function registerNewsletterCommands(program: Command, env: CliEnv): void {
  const nl = program.command('newsletter').description('the IT newsletter: drafts, approval, published issues');
  nl.command('draft')
    .description('the draft of the next issue, built from what happened since the last published one (changes nothing)')
    .option('--json', 'JSON on stdout: the content and every version rendered')
    .option('--lang <lang>', 'de or en (default ITBOT_LANG)')
    .option('--variant <variant>', `${VARIANTS.join(' or ')} (default workplace-first)`)
    .action((o: { json?: boolean; lang?: string; variant?: string; db?: string }) => {
      // (checked before the database is opened: a mistyped option creates no database)
      const langOpt = checkLang(o.lang);
      const variant = checkVariant(o.variant) ?? 'workplace-first';
      return runCommand(env, o, (app) => {
        const lang = langOpt ?? app.config.ITBOT_LANG;
        const occ = nextOccurrence(app);
        const stored = occ ? new NewsletterRepo(app.db).byOccurrence(occurrenceKey(occ)) : null;
        // a decided issue keeps its content; an open one is drafted afresh from today's data
        const content = stored && stored.state !== 'draft' ? contentOf(stored) : draftFor(app, occ);
        const editorial = { de: stored ? editorialOf(stored, 'de') : null, en: stored ? editorialOf(stored, 'en') : null };
        const audience = occ?.event.audience ?? ['all'];
        if (o.json) {
          printJson(env, {
            eventId: occ?.event.id ?? null,
            occurrence: occ?.occurrence ?? null,
            dueAt: (occ?.start ?? app.clock.now()).toISOString(),
            issueId: stored?.id ?? null,
            state: stored?.state ?? 'draft',
            empty: isEmpty(content),
            content,
            rendered: rendered(app, content, editorial, audience),
          });
          return;
        }
        if (!occ) env.err('(the plan has no newsletter occurrence: a draft as of today)');
        else env.err(`(next issue: ${occ.event.id} on ${occ.occurrence}${stored ? `, issue #${stored.id}, ${stored.state}` : ''})`);
        env.out(renderText(contentForVariant(app, content, variant, audience), lang, variant, editorial[lang]));
      });
    });
  nl.command('list')
    .description('the issues: drafts, approved (published once their date has come) and skipped')
    .option('--json', 'JSON on stdout')
    .option('--state <state>', 'draft, approved or skipped')
    .action((o: { json?: boolean; state?: string; db?: string }) => {
      // (an empty one, an unset variable in a script, is no filter either)
      if (o.state !== undefined && !['draft', 'approved', 'skipped'].includes(o.state)) throw new InputError([{ field: '--state', message: `"${o.state}" is not draft, approved or skipped` }]);
      return readCommand(env, o, (app) => {
        const rows = new NewsletterRepo(app.db).list({ state: o.state, limit: 500 });
        const now = app.clock.now();
        const brief = rows.map((r) => issueSummary(r, now));
        if (o.json) return printJson(env, brief);
        if (!rows.length) env.out('no newsletter issues yet');
        for (const r of brief) {
          const when = r.publishedAt ? `, published ${r.publishedAt}` : r.goesOutAt ? `, goes out ${r.goesOutAt}` : '';
          env.out(`#${r.id} ${r.dueAt.slice(0, 10)} ${r.state}${when} ${r.eventId ?? 'manual'} (owner ${r.owner ?? '-'})`);
        }
      });
    });
  nl.command('show')
    .description('one issue as its readers get it')
    .argument('<id>', 'issue number (see newsletter list)')
    .option('--lang <lang>', 'de or en')
    .option('--variant <variant>', VARIANTS.join(' or '))
    .option('--json', 'JSON on stdout')
    .action((id: string, o: { lang?: string; variant?: string; json?: boolean; db?: string }) => {
      // (an issue is numbered #1, #2, ...: "#3" is taken as 3)
      const number = /^#?\d+$/.test(id.trim()) ? Number(id.trim().replace('#', '')) : NaN;
      if (!Number.isSafeInteger(number) || number < 1) throw new InputError([{ field: 'id', message: `"${id}" is not an issue number (a whole number, as newsletter list shows them: #1, #2, ...)` }]);
      const langOpt = checkLang(o.lang);
      const variant = checkVariant(o.variant) ?? 'workplace-first';
      return readCommand(env, o, (app) => {
        const issue = new NewsletterRepo(app.db).byId(number);
        if (!issue) throw new AppError('not_found', `newsletter issue #${number} not found (newsletter list shows the issues)`);
        const c = readerContent(issue, app.clock.now());
        const editorial = { de: editorialOf(issue, 'de'), en: editorialOf(issue, 'en') };
        const audience = issueAudience(app, issue);
        if (o.json) return printJson(env, { id: issue.id, state: issue.state, content: c, rendered: rendered(app, c, editorial, audience) });
        const lang = langOpt ?? app.config.ITBOT_LANG;
        env.out(renderText(contentForVariant(app, c, variant, audience), lang, variant, editorial[lang]));
      });
    });
  nl.command('action')
    .description('"you said, we did": record what IT did about a survey\'s results (shown with its next closed run in the newsletter)')
    .argument('<survey>', 'survey id')
    .argument('<text>', 'what IT did')
    .option('--run <id>', 'tie it to one run (wave) of the survey; default: its runs from now on')
    .option('--lang <lang>', 'the language of the text (default: shown in both)')
    .action((survey: string, text: string, o: { run?: string; lang?: string; db?: string }) => {
      const lang = checkLang(o.lang) ?? null;
      // plain text as chat input is: no control character reaches the newsletter, the admin page or a terminal
      const action = plainInput(text).trim();
      if (!action) throw new InputError([{ field: 'text', message: 'required' }]);
      // (refused, not cut: what is recorded is what the operator wrote)
      const length = [...action].length;
      if (length > MAX_ACTION) throw new InputError([{ field: 'text', message: `${length} characters, at most ${MAX_ACTION}: shorten it (it stands under the survey's results in the newsletter)` }]);
      return runCommand(env, o, (app) => {
        const surveys = new SurveyRepo(app.db);
        if (!surveys.get(survey)) throw noSuchSurvey(survey);
        let run: number | null = null;
        if (o.run !== undefined) {
          run = Number(o.run);
          const r = Number.isInteger(run) ? surveys.run(run) : null;
          if (!r || r.survey_id !== survey) throw new InputError([{ field: '--run', message: `"${o.run}" is not a run of survey ${survey}` }]);
        }
        const id = new NewsletterRepo(app.db).addAction(survey, run, action, lang, app.clock.now());
        env.out(`action #${id} recorded for survey ${survey}`);
      });
    });
}
