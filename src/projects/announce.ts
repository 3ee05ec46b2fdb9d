import type { App } from '../app-types.ts';
import type { Block, Lang, OutMessage } from '../chat/model.ts';
import { enqueueOrUpdate } from '../jobs/outbox.ts';
import { formatDay, pick, sentence } from '../i18n/index.ts';
import { ProjectsRepo } from '../store/projects-repo.ts';
import { tx } from '../store/db.ts';
import { milestoneKey, type Project, type ProjectNews } from './model.ts';
import { projectTexts as t } from './texts.ts';
import { audienceDeliveries, deliveryKey, localDay, messageFor, outboxTarget } from './targets.ts';

/** A milestone older than this when first seen is history (a late import), not news. */
const MILESTONE_FRESH_DAYS = 7;

/** Before (planned), during (running, milestones) and after (done): what the audience is told. */
function announcementMessage(app: App, p: Project, news: ProjectNews, lang: Lang): OutMessage {
  const title = pick(p.title, lang);
  // (a sentence follows it: a text without its full stop would run into it)
  const changes = sentence(pick(p.changes, lang));
  let head: string;
  let body: string;
  if (news.kind === 'milestone') {
    const m = p.milestones.find((x) => x.date === news.milestoneDate);
    const milestone = m ? pick(m.title, lang) : news.milestoneDate ?? '';
    head = t(lang, 'milestone', { milestone });
    body = t(lang, 'milestoneBody', { title, milestone, date: formatDay(news.milestoneDate ?? '', lang), changes });
  } else {
    const phase = news.phase ?? p.phase;
    head = t(lang, phase, { title });
    body = t(lang, `${phase}Body` as const, { changes });
  }
  const lines = [body];
  const today = localDay(app.clock.now(), app.config.ITBOT_TIMEZONE);
  const next = news.kind === 'phase' && news.phase === 'done' ? undefined : p.milestones.find((m) => m.date > today);
  if (next) lines.push(t(lang, 'next', { milestone: pick(next.title, lang), date: formatDay(next.date, lang) }));
  const owner = app.people.byEmail(p.owner);
  if (owner) lines.push(t(lang, 'contact', { name: owner.name, email: owner.email }));
  const blocks: Block[] = [{ type: 'header', text: head }, { type: 'text', text: lines.join('\n') }];
  if (p.link) blocks.push({ type: 'actions', buttons: [{ label: t(lang, 'more'), action: 'projects.link', url: p.link }] });
  return { text: `${head}\n${lines.join('\n')}`, lang, blocks };
}

/**
 * Queues the announcement of every news item not yet announced, to the project's audience,
 * in one transaction with marking it announced: a second tick, a second server or a restart
 * finds nothing left to do, and the outbox keys (project:{id}:phase:{phase}:...) hold even then.
 */
export function announcePending(app: App): number {
  const repo = new ProjectsRepo(app.db);
  const now = app.clock.now();
  let queued = 0;
  tx(app.db, () => {
    for (const news of repo.pendingNews()) {
      const p = repo.get(news.projectId);
      if (!p || !repo.markAnnounced(news.key, now)) continue;
      for (const d of audienceDeliveries(app, p.audience)) {
        const message = messageFor(app, d, (lang) => announcementMessage(app, p, news, lang));
        // a row under the key exists only when an earlier announcement of this news was
        // cancelled before it reached anyone (the project removed, then imported again): revived
        const r = enqueueOrUpdate(app.db, now, {
          key: `${news.key}:${deliveryKey(d)}`,
          kind: 'project-announcement',
          target: outboxTarget(d),
          message,
          workingHours: { hours: app.config.workingHours, person: d.kind === 'person' ? d.person : null, defaultTimeZone: app.config.ITBOT_TIMEZONE },
          source: { project: p.id, news: news.key, broadcast: news.key },
        });
        if (r !== 'final') queued++;
      }
    }
  });
  return queued;
}

/** The scheduler's part: milestones whose day has come become news (once), then everything pending is announced. */
export function projectsTick(app: App): number {
  const repo = new ProjectsRepo(app.db);
  const now = app.clock.now();
  const today = localDay(now, app.config.ITBOT_TIMEZONE);
  const freshFrom = localDay(new Date(now.getTime() - MILESTONE_FRESH_DAYS * 86_400_000), app.config.ITBOT_TIMEZONE);
  // reads first: an idle tick (the usual case, every minute) takes no write lock
  const reached = repo.all().flatMap((p) => p.milestones.filter((m) => m.date <= today && !repo.hasNews(milestoneKey(p.id, m.date))).map((m) => ({ p, m })));
  if (reached.length) {
    tx(app.db, () => {
      for (const { p, m } of reached) {
        repo.addNews(
          { key: milestoneKey(p.id, m.date), projectId: p.id, kind: 'milestone', phase: null, milestoneDate: m.date, happenedAt: now.toISOString() },
          m.date < freshFrom ? 'history' : null,
        );
      }
    });
  }
  return repo.pendingNews().length ? announcePending(app) : 0;
}
