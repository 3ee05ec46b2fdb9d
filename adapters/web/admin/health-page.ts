import type express from 'express';
import { resolve } from 'node:path';
import type { Lang } from '../../../src/chat/model.ts';
import { outboxCounts, outboxRows, retryDead, retryReasons, type OutboxRow, type OutboxState, type RetryReasonRow } from '../../../src/jobs/outbox.ts';
import { systemStateRows } from '../../../src/store/admin-session-repo.ts';
import { headOfItProblem } from '../../../src/plan/items.ts';
import { forgetServer, forgettable, serversSeen } from '../../../src/store/server-heartbeats-repo.ts';
import { type AdminContext, backPath, locals, redirectBack, sendPage } from './context.ts';
import { csrfField, tzNote } from './layout.ts';
import { html } from './html.ts';
import { t } from './texts.ts';

const TICK_NAMES: Record<string, 'tickPlan' | 'tickSurvey' | 'tickOutbox'> = {
  planLastTick: 'tickPlan',
  lastSurveyTick: 'tickSurvey',
  lastOutboxDrain: 'tickOutbox',
};

const STATES: OutboxState[] = ['queued', 'sending', 'retry', 'sent', 'dead', 'expired', 'cancelled'];

/**
 * An adapter's details the page shows in a place of their own, left out of the list after its
 * state, the same for every adapter: whether it is on and sending (the state), and the channels
 * no longer reachable (a table of their own; only Teams reports them).
 */
const SHOWN_APART = new Set(['configured', 'connected', 'staleChannels']);

/**
 * Survey messages name who was asked and, for reminders, who has not answered yet: in anonymous
 * mode that would tell who did answer. The health page hides their recipients (the retry
 * button works by id and needs no name).
 */
export function isSurveyRow(r: Pick<OutboxRow, 'kind' | 'idempotency_key'>): boolean {
  return /^survey/i.test(r.kind) || /^survey/i.test(r.idempotency_key);
}

const EMAIL = /[^\s"'<>(),;:]+@[^\s"'<>(),;:]+/g;

function maskForSurvey(r: OutboxRow, s: string): string {
  return isSurveyRow(r) ? s.replace(EMAIL, '…') : s;
}

/** How many reasons of waiting messages the page lists (the rest counted in one line). */
const REASONS_SHOWN = 20;

/**
 * The reasons messages wait for another try, grouped, most first: a reason that names its
 * recipient counts with the same reason for others (the address blanked, as a survey message's
 * always is here), so a platform that is down reads as one line, not one per person.
 */
function groupedRetryReasons(rows: RetryReasonRow[]): Array<RetryReasonRow & { reason: string }> {
  const groups = new Map<string, RetryReasonRow & { reason: string }>();
  for (const r of rows) {
    const reason = (r.reason ?? '').replace(EMAIL, '…');
    const g = groups.get(reason);
    if (!g) groups.set(reason, { reason, n: r.n, nextAt: r.nextAt });
    else {
      g.n += r.n;
      if (r.nextAt && (!g.nextAt || r.nextAt < g.nextAt)) g.nextAt = r.nextAt;
    }
  }
  return [...groups.values()].sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason));
}

/** The same JSON /healthz serves (adapters with their details, db, outbox, app.status). */
async function healthz(req: express.Request): Promise<Record<string, unknown> | null> {
  const addr = req.socket.localAddress;
  const port = req.socket.localPort;
  if (!addr || !port) return null;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(addr)?.[1];
  const host = v4 ?? (addr.includes(':') ? `[${addr}]` : addr);
  try {
    const r = await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return (await r.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

type TextKey = Parameters<typeof t>[1];

/** The details an adapter reports (`describe()`, as /healthz serves them) that the page names in its language. */
const DETAIL_NAMES: Record<string, TextKey> = {
  auth: 'detail_auth',
  endpoint: 'detail_endpoint',
  references: 'detail_references',
  sender: 'detail_sender',
  mode: 'detail_mode',
  path: 'detail_path',
  botUserId: 'detail_botUserId',
  url: 'detail_url',
};

/** A detail's value in the page's language: the adapters' own words (/healthz is for machines and stays English), else as given. */
function detailValue(key: string, v: unknown, lang: Lang): string {
  if (v === null || v === undefined || v === '') return key === 'botUserId' ? t(lang, 'notKnownYet') : '';
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  if (key === 'auth') {
    const token = /^token validation \((.*)\)$/.exec(s);
    if (token) return t(lang, 'authToken', { type: token[1]! });
    if (s === 'none: loopback callers only') return t(lang, 'authLoopback');
  }
  if (key === 'sender' && s === 'in service') return t(lang, 'senderInService');
  if (key === 'sender' && s === 'waiting for the first Teams activity') return t(lang, 'senderWaiting');
  if (key === 'mode' && (s === 'socket' || s === 'http')) return t(lang, s === 'socket' ? 'modeSocket' : 'modeHttp');
  return s;
}

/** An adapter's details as one line: "Anmeldung: keine: … · Endpunkt: /api/messages"; empty ones left out. */
function detailsLine(d: Record<string, unknown>, lang: Lang): string {
  return Object.entries(d)
    .filter(([k]) => !SHOWN_APART.has(k))
    .map(([k, v]) => [DETAIL_NAMES[k] ? t(lang, DETAIL_NAMES[k]!) : k, detailValue(k, v, lang)] as const)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

/** The system_state entries the page names in words; another key is shown as it is. */
const STATE_NAMES: Record<string, TextKey> = {
  'server.platforms': 'state_server_platforms',
  'server.it_channel_slack': 'state_server_it_channel_slack',
  'calendar.uid_domain': 'state_calendar_uid_domain',
  'catalog.questions_counted_from': 'state_catalog_questions_counted_from',
};

const PLATFORM_NAMES: Record<string, string> = { slack: 'Slack', teams: 'Teams' };
const platformName = (p: string): string => PLATFORM_NAMES[p] ?? p;

/** A system_state value as the operator reads it: a time in the page's zone, platforms by name. */
function stateValue(key: string, value: string, lang: Lang, tz: string): string {
  if (key === 'catalog.questions_counted_from') return fmtTime(value, lang, tz);
  if (key === 'server.platforms') return value.split(',').filter(Boolean).map(platformName).join(', ');
  return value.length > 200 ? value.slice(0, 200) + '…' : value;
}

function fmtTime(iso: string | null | undefined, lang: Lang, tz: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: tz }).format(d);
}

export function registerHealthPage(router: express.Router, ctx: AdminContext): void {
  const { app } = ctx;

  router.get('/health', async (req, res, next) => {
    try {
      const { lang, csrf } = locals(res);
      const tz = app.config.ITBOT_TIMEZONE;
      const counts = outboxCounts(app.db);
      const dead = outboxRows(app.db, { state: 'dead', limit: 100 });
      const reasons = groupedRetryReasons(retryReasons(app.db));
      const hz = await healthz(req);
      // /healthz lists the adapters with their details; anything else in that place is ignored
      const adapters = (hz?.adapters && !Array.isArray(hz.adapters) ? hz.adapters : {}) as Record<string, Record<string, unknown>>;
      // without /healthz (it did not answer): the names of the adapters that are on
      const fallbackAdapters = Array.isArray(app.status.adapterNames) ? (app.status.adapterNames as string[]) : [];
      const state = systemStateRows(app.db);
      // (an empty value is a setting the server noted as not set: nothing to show)
      const shownState = state.filter((r) => r.value.trim() !== '');
      // the schedulers note their last run in app.status (planLastTick, lastSurveyTick, lastOutboxDrain)
      const ticks: Array<{ key: string; at: string }> = [
        ...Object.entries(app.status)
          .filter(([k, v]) => /tick|drain/i.test(k) && typeof v === 'string')
          .map(([key, at]) => ({ key, at: at as string })),
        ...state.filter((r) => /tick/i.test(r.key)).map((r) => ({ key: r.key, at: r.updatedAt })),
      ].sort((a, b) => a.key.localeCompare(b.key));
      const db = (hz?.db ?? {}) as { status?: string; schemaVersion?: number };
      // the Teams channels whose reference Teams refused for good: a table of their own (name, since
      // when in the page's zone, why), not a JSON list in the adapter's details
      const staleList = adapters.teams?.staleChannels;
      const stale = (Array.isArray(staleList) ? staleList : []) as Array<{ channelId?: unknown; name?: unknown; since?: unknown; reason?: unknown }>;

      const head = headOfItProblem(app, lang);
      // the servers on this database (several may run, each sending to its own platforms): what waits for whom
      const servers = serversSeen(app.db);
      const body = html`<h2>${t(lang, 'healthTitle')}</h2>${tzNote(lang, tz)}
${head ? html`<p class="flash error" id="head-of-it" role="alert">${head}</p>` : ''}
<div class="grid2">
<section class="card" id="outbox">
  <h3>${t(lang, 'outboxTitle')}</h3>
  <table><tbody>
  ${STATES.map((s) => html`<tr><th>${t(lang, `state_${s}`)}</th><td class="num" data-state="${s}">${counts[s]}</td></tr>`)}
  </tbody></table>
</section>
<section class="card" id="adapters">
  <h3>${t(lang, 'adaptersTitle')}</h3>
  <table><tbody>
  ${Object.keys(adapters).length
    ? Object.entries(adapters).map(
        ([name, d]) =>
          html`<tr><th>${name}</th><td data-adapter="${name}">${d.configured === false ? t(lang, 'adapterOff') : d.connected === false ? t(lang, 'adapterWaiting') : t(lang, 'adapterOn')}</td><td class="muted">${detailsLine(d, lang)}</td></tr>`,
      )
    : fallbackAdapters.map((a) => html`<tr><th>${a.replace(' (off)', '')}</th><td data-adapter="${a.replace(' (off)', '')}">${a.endsWith('(off)') ? t(lang, 'adapterOff') : t(lang, 'adapterOn')}</td></tr>`)}
  </tbody></table>
  ${stale.length
    ? html`<h3>${t(lang, 'staleTitle')}</h3>
  <p class="muted">${t(lang, 'staleHint')}</p>
  <table id="stale-channels"><thead><tr><th>${t(lang, 'staleChannel')}</th><th>${t(lang, 'staleSince')}</th><th>${t(lang, 'colReason')}</th></tr></thead><tbody>
  ${stale.map((c) => {
    const id = String(c.channelId ?? '');
    return html`<tr data-channel="${id}"><td>${typeof c.name === 'string' && c.name ? c.name : id}<div class="muted">${id}</div></td><td>${fmtTime(typeof c.since === 'string' ? c.since : null, lang, tz)}</td><td>${String(c.reason ?? '')}</td></tr>`;
  })}
  </tbody></table>`
    : ''}
  <h3>${t(lang, 'dbTitle')}</h3>
  <table><tbody>
    <tr><th>${t(lang, 'version')}</th><td>${String(hz?.version ?? '')}</td></tr>
    <tr><th>${t(lang, 'startedAt')}</th><td>${fmtTime(hz?.startedAt as string | undefined, lang, tz)}</td></tr>
    <tr><th>${t(lang, 'schema')}</th><td>${String(db.schemaVersion ?? '')} (${db.status ?? ''})</td></tr>
    ${typeof app.status.dbFile === 'string' ? html`<tr><th>${t(lang, 'dbFile')}</th><td data-db-file>${app.status.dbFile === ':memory:' ? app.status.dbFile : resolve(app.status.dbFile)}</td></tr>` : ''}
  </tbody></table>
</section>
</div>
<section class="card" id="dead">
  <h3>${t(lang, 'deadTitle')}</h3>
  ${dead.length
    ? html`<table><thead><tr><th>${t(lang, 'colId')}</th><th>${t(lang, 'colKind')}</th><th>${t(lang, 'colTarget')}</th><th class="num">${t(lang, 'colAttempts')}</th><th>${t(lang, 'colDue')}</th><th>${t(lang, 'colReason')}</th><th></th></tr></thead><tbody>
      ${dead.map(
        (r) => html`<tr data-id="${r.id}"><td>${r.id}</td><td>${r.kind}<div class="muted">${maskForSurvey(r, r.idempotency_key)}</div></td>
          <td>${isSurveyRow(r) ? t(lang, 'surveyRecipient') : `${r.target}${r.platform ? ` (${r.platform})` : ''}`}</td>
          <td class="num">${r.attempts}</td><td>${fmtTime(r.due_at, lang, tz)}</td><td>${maskForSurvey(r, r.last_error ?? '')}</td>
          <td><form method="post" action="/admin/health/retry" class="inline">${csrfField(csrf)}<input type="hidden" name="id" value="${r.id}"><input type="hidden" name="back" value="${backPath(req)}"><button class="btn" type="submit">${t(lang, 'retry')}</button></form></td></tr>`,
      )}
      </tbody></table>`
    : html`<p class="muted" id="dead-none">${t(lang, 'deadNone')}</p>`}
</section>
${reasons.length
  ? html`<section class="card" id="retrying">
  <h3>${t(lang, 'retryingTitle')}</h3>
  <table><thead><tr><th>${t(lang, 'colReason')}</th><th class="num">${t(lang, 'colMessages')}</th><th>${t(lang, 'colNextTry')}</th></tr></thead><tbody>
  ${reasons.slice(0, REASONS_SHOWN).map((g) => html`<tr data-reason><td>${g.reason || t(lang, 'noReason')}</td><td class="num">${g.n}</td><td>${fmtTime(g.nextAt, lang, tz)}</td></tr>`)}
  </tbody></table>
  ${reasons.length > REASONS_SHOWN ? html`<p class="muted">${t(lang, 'moreReasons', { n: reasons.length - REASONS_SHOWN, messages: reasons.slice(REASONS_SHOWN).reduce((s, g) => s + g.n, 0) })}</p>` : ''}
</section>`
  : ''}
${servers.length
  ? html`<section class="card" id="servers">
  <h3>${t(lang, 'serversTitle')}</h3>
  <p class="muted">${t(lang, 'serversHint')}</p>
  <table><thead><tr><th>${t(lang, 'serverId')}</th><th>${t(lang, 'serverPlatforms')}</th><th>${t(lang, 'serverSeen')}</th><th></th></tr></thead><tbody>
  ${servers.map((s) => html`<tr data-server="${s.serverId}"><td>${s.serverId}${s.host ? html`<div class="muted" data-host>${s.host}</div>` : ''}</td><td>${s.platforms.length ? s.platforms.map(platformName).join(', ') : t(lang, 'serverWebOnly')}</td><td>${s.stoppedAt ? t(lang, 'serverStopped', { time: fmtTime(s.stoppedAt, lang, tz) }) : fmtTime(s.beatAt, lang, tz)}</td><td>${forgettable(s, app.clock.now())
    ? html`<form method="post" action="/admin/health/forget-server" class="inline">${csrfField(csrf)}<input type="hidden" name="server" value="${s.serverId}"><input type="hidden" name="back" value="${backPath(req)}"><button class="btn" type="submit" title="${t(lang, 'forgetServerHint')}">${t(lang, 'forgetServer')}</button></form>`
    : ''}</td></tr>`)}
  </tbody></table>
</section>`
  : ''}
<section class="card" id="scheduler">
  <h3>${t(lang, 'schedulerTitle')}</h3>
  <table id="ticks"><tbody>
  ${ticks.length
    ? ticks.map((k) => html`<tr><th>${TICK_NAMES[k.key] ? t(lang, TICK_NAMES[k.key]!) : k.key}</th><td data-tick="${k.key}">${fmtTime(k.at, lang, tz)}</td></tr>`)
    : html`<tr><th>${t(lang, 'lastTick')}</th><td>${t(lang, 'never')}</td></tr>`}
  </tbody></table>
  ${shownState.length
    ? html`<table><thead><tr><th>${t(lang, 'key')}</th><th>${t(lang, 'value')}</th><th>${t(lang, 'updated')}</th></tr></thead><tbody>
      ${shownState.map((r) => html`<tr data-state-key="${r.key}"><td>${STATE_NAMES[r.key] ? t(lang, STATE_NAMES[r.key]!) : r.key}</td><td>${stateValue(r.key, r.value, lang, tz)}</td><td>${fmtTime(r.updatedAt, lang, tz)}</td></tr>`)}
      </tbody></table>`
    : ''}
</section>`;
      sendPage(ctx, req, res, { title: t(lang, 'healthTitle'), active: 'health', body });
    } catch (e) {
      next(e);
    }
  });

  router.post('/health/forget-server', (req, res) => {
    const { lang } = locals(res);
    const server = String((req.body as Record<string, unknown>).server ?? '');
    const outcome = forgetServer(app.db, server, app.clock.now());
    if (outcome === 'forgotten') app.log.info({ server }, 'admin: stopped server forgotten');
    redirectBack(ctx, req, res, '/admin/health', outcome === 'forgotten'
      ? { text: t(lang, 'serverForgotten', { server }) }
      : { text: t(lang, outcome === 'running' ? 'serverStillRunning' : 'serverUnknown', { server }), error: true });
  });

  router.post('/health/retry', (req, res) => {
    const { lang } = locals(res);
    const id = Number((req.body as Record<string, unknown>).id);
    const ok = Number.isInteger(id) && id > 0 && retryDead(app.db, id, app.clock.now());
    if (ok) app.log.info({ id }, 'admin: dead outbox message retried');
    redirectBack(ctx, req, res, '/admin/health', ok ? { text: t(lang, 'retried', { id }) } : { text: t(lang, 'retryGone', { id: String(id) }), error: true });
  });
}
