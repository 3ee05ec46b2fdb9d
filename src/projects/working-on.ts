import type { App, TurnContext } from '../app-types.ts';
import { sharedAnswer } from '../chat/core-feature.ts';
import type { Block, Button, Lang, OutMessage } from '../chat/model.ts';
import { formatDay, pick } from '../i18n/index.ts';
import { forEveryone, inAudience, isItStaff, parseAudience } from '../people/audience.ts';
import { departmentName, type Person } from '../people/person.ts';
import { ProjectsRepo } from '../store/projects-repo.ts';
import type { Project } from './model.ts';
import { projectTexts as t } from './texts.ts';
import { localDay } from './targets.ts';
import { pageOf, pager, pagerText } from '../catalog/browse.ts';
import { catalogTexts } from '../catalog/texts.ts';
import { clipPlain } from '../chat/clip.ts';

const ORDER = { running: 0, planned: 1, done: 2 } as const;

/** How long a completed project stays in "what is IT working on?" (as recently completed) after it was done. */
const RECENTLY_DONE_MS = 90 * 86_400_000;

/** How many recently completed projects the answer names before "and N more". */
const DONE_SHOWN = 8;

/** Does the project concern the person? Unknown askers see everything meant for all. */
export function concerns(p: Project, person: Person | null): boolean {
  const a = parseAudience(p.audience);
  if (typeof a === 'string') return false;
  return inAudience(person, a);
}

function line(app: App, p: Project, lang: Lang): string {
  const today = localDay(app.clock.now(), app.config.ITBOT_TIMEZONE);
  const next = p.phase === 'done' ? undefined : p.milestones.find((m) => m.date > today);
  const parts = [`${pick(p.title, lang)} (${t(lang, `phase_${p.phase}` as const)}): ${pick(p.changes, lang)}`];
  if (next) parts.push(t(lang, 'next', { milestone: pick(next.title, lang), date: formatDay(next.date, lang) }));
  return parts.join(' ');
}

/**
 * "What is IT working on?": running and planned projects that concern the asker's department, then
 * recently done ones. In a channel or group chat, read by all its members, only the projects for
 * everyone: the asker's others (the managers', their department's) are left to the direct chat.
 * Paged as the catalog's lists (`page`; `replace`: a pager's click, whose page takes the place of the one clicked).
 */
export function workingOnReply(ctx: TurnContext, page = 1, replace = false): OutMessage[] {
  const { app, person, lang } = ctx;
  const repo = new ProjectsRepo(app.db);
  const all = repo.all();
  if (!all.length) return [{ text: t(lang, 'workingNoData'), lang }];
  const shared = sharedAnswer(ctx.event);
  const theirs = all.filter((p) => concerns(p, person));
  const mine = theirs.filter((p) => !shared || forEveryone(p.audience)).sort((a, b) => ORDER[a.phase] - ORDER[b.phase] || a.id.localeCompare(b.id));
  const active = mine.filter((p) => p.phase !== 'done');
  // recently completed ones: done within the last 90 days (one whose day is not known, kept)
  const doneAt = repo.doneAt();
  const since = new Date(app.clock.now().getTime() - RECENTLY_DONE_MS).toISOString();
  const recent = (p: Project) => p.phase !== 'done' || (doneAt.get(p.id) ?? since) >= since;
  const done = mine.filter((p) => p.phase === 'done' && recent(p));
  const note = shared && theirs.filter(recent).length > mine.filter(recent).length ? [t(lang, 'workingShared')] : [];
  const dept = person && !shared ? departmentName(app.people.department(person.department), lang) ?? person.department : null;
  const intro = dept ? t(lang, 'workingFor', { department: dept }) : t(lang, 'workingAll');
  if (!active.length && !done.length) return [{ text: [t(lang, 'workingNone', { count: all.length }), ...note].join('\n'), lang }];
  // (a page of the projects under way, as the catalog pages its lists: 3,000 projects are not one message)
  const { page: at, pages, start, end } = pageOf(active.length, page);
  const shown = active.slice(start, end);
  const lines = shown.map((p) => `• ${line(app, p, lang)}`);
  const blocks: Block[] = [{ type: 'header', text: t(lang, 'workingTitle') }, { type: 'text', text: intro }];
  if (lines.length) blocks.push({ type: 'text', text: lines.join('\n') });
  // (the recently completed ones below the first page, as many as a page, then how many more)
  const doneNames = at === 1 ? done.map((p) => pick(p.title, lang)) : [];
  const doneLines = [...doneNames.slice(0, DONE_SHOWN).map((n) => `• ${n}`), ...(doneNames.length > DONE_SHOWN ? [`… ${catalogTexts(lang, 'andMore', { n: doneNames.length - DONE_SHOWN })}`] : [])];
  if (doneLines.length) blocks.push({ type: 'text', text: `${t(lang, 'recentlyDone')}\n${doneLines.join('\n')}`, muted: true });
  if (note.length) blocks.push({ type: 'text', text: note[0]!, muted: true });
  // (a long title is shortened at a word's end and never through an emoji: Slack shows 75 characters of a button)
  const buttons: Button[] = shown.map((p) => ({ label: clipPlain(`${t(lang, 'showProject')}: ${pick(p.title, lang)}`, 75), action: 'projects.show', value: p.id }));
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  blocks.push(...pager(lang, at, pages, 'projects.working-on', ''));
  const more = pagerText(lang, at, pages, active.slice(end).map((p) => pick(p.title, lang)));
  const text = [t(lang, 'workingTitle'), intro, ...lines, ...more, ...(doneLines.length ? [t(lang, 'recentlyDone'), ...doneLines] : []), ...note].join('\n');
  return [{ text, lang, blocks, replaceOriginal: replace || undefined }];
}

/**
 * One project's card (the Details button): for the people the project concerns and IT staff. A
 * click that names another project (a department's, the managers') is answered as for an
 * unknown one, so it tells nothing of it.
 */
export function projectCard(app: App, id: string, lang: Lang, person: Person | null): OutMessage[] {
  const p = new ProjectsRepo(app.db).get(id ?? '');
  if (!p || !(concerns(p, person) || isItStaff(person))) return [{ text: t(lang, 'unknownProject'), lang }];
  const owner = app.people.byEmail(p.owner);
  const ms = p.milestones.map((m) => `${formatDay(m.date, lang)}: ${pick(m.title, lang)}`);
  const blocks: Block[] = [
    { type: 'header', text: pick(p.title, lang) },
    { type: 'text', text: pick(p.changes, lang) },
    { type: 'fields', fields: [
      { label: 'Phase', value: t(lang, `phase_${p.phase}` as const) },
      ...(owner ? [{ label: lang === 'de' ? 'Verantwortlich' : 'Owner', value: `${owner.name} (${owner.email})` }] : []),
    ] },
  ];
  if (ms.length) blocks.push({ type: 'text', text: ms.join('\n') });
  if (p.link) blocks.push({ type: 'links', links: [{ label: t(lang, 'more'), url: p.link }] });
  return [{ text: [pick(p.title, lang), pick(p.changes, lang), ...ms].join('\n'), lang, blocks }];
}
