import type { App, Running } from '../app-types.ts';
import type { Lang, Platform } from '../chat/model.ts';
import type { Person } from '../people/person.ts';
import { parseAudience, resolveAudience, IT_DEPARTMENT } from '../people/audience.ts';
import { cancelKey, enqueue, enqueueOrUpdate, type EnqueueInput } from '../jobs/outbox.ts';
import { nextWorkingTime, type WorkingHours } from '../jobs/working-hours.ts';
import { tx } from '../store/db.ts';
import { PlanRepo, type StoredEvent } from '../store/plan-repo.ts';
import type { Occurrence, PlanEvent } from './model.ts';
import { duration, parseDuration, timeMs } from './duration.ts';
import { shift, toFloating } from './local-time.ts';
import { expand, expandCached } from './expand.ts';
import { announceMessage, audienceLabel, overdueMessage, reminderMessage } from './messages.ts';
import { departmentName } from '../people/person.ts';
import { lastTime, startFollowUp } from './surveys-bridge.ts';

const DAY = 86_400_000;

export interface SchedulerOptions {
  /** how far ahead reminders and announcements are put into the outbox */
  horizonMs?: number;
  /** the outbox is filled this much beyond the horizon at once, so most ticks do nothing */
  chunkMs?: number;
  /** an occurrence not reported done or skipped this long after its end is overdue */
  graceMs?: number;
  /** overdue checks and follow-up surveys run at most this often (and after each import) */
  slowEveryMs?: number;
  intervalMs?: number;
}

export interface TickResult {
  scheduled: number;
  enqueued: number;
  cancelled: number;
  escalated: number;
  surveys: number;
}

/** ITBOT_CATCHUP as milliseconds (days count 24 h here: it is a window, not a wall-clock time). */
export function catchupMs(app: App): number {
  const d = parseDuration(app.config.ITBOT_CATCHUP);
  if (typeof d === 'string' || d.negative) return 12 * 3_600_000;
  return ((d.years * 365 + d.months * 30 + d.weeks * 7 + d.days) * DAY) + timeMs(d);
}

/** The head of IT: ITBOT_HEAD_OF_IT, else the (first) manager of the IT department. */
export function headOfIt(app: App): Person | null {
  const env = process.env.ITBOT_HEAD_OF_IT?.trim();
  if (env) {
    const p = app.people.byEmail(env);
    if (p?.active) return p;
  }
  return app.people.audience({ department: IT_DEPARTMENT }).find((p) => p.manager) ?? null;
}

/** The web chat channels an audience reads (`channel:all`, `channel:{department}`). */
function webChannels(app: App, ev: PlanEvent): Array<{ channel: string; members: Person[] }> {
  const out: Array<{ channel: string; members: Person[] }> = [];
  for (const raw of ev.audience) {
    const a = parseAudience(raw);
    if (typeof a === 'string') continue;
    for (const term of a) {
      if (term.kind === 'all') out.push({ channel: 'all', members: app.people.audience({ all: true }) });
      else if (term.kind === 'department' || term.kind === 'it-staff') {
        const name = term.kind === 'department' ? term.name : IT_DEPARTMENT;
        const id = app.people.department(name)?.id ?? name;
        out.push({ channel: id, members: app.people.audience({ department: id }) });
      } else if (term.kind === 'managers') out.push({ channel: 'managers', members: app.people.audience({ managers: true }) });
    }
  }
  return out.filter((c, i) => out.findIndex((d) => d.channel === c.channel) === i);
}

function audienceOf(app: App, ev: PlanEvent): Person[] {
  const a = parseAudience(ev.audience);
  return typeof a === 'string' ? [] : resolveAudience(app.people, a);
}

function langsOf(app: App, people: Person[]): Lang[] {
  const s = new Set<Lang>(people.map((p) => p.language ?? app.config.ITBOT_LANG));
  return s.size ? [...s] : [app.config.ITBOT_LANG];
}

export function reminderKey(ev: string, occ: string, lead: string, email: string): string {
  return `plan:${ev}:${occ}:reminder:${lead}:to:${email.toLowerCase()}`;
}

/** What the messages of one event need, looked up once per scheduling step (not per occurrence). */
export interface EventContext {
  owner: Person | null;
  ownerLang: Lang;
  ownerTz: string;
  targets: Array<{ platform: Platform; channel: string; langs: Lang[] }>;
  last: { mean: number | null; responses: number } | null;
  audienceLabel: string;
}

/** The audience of an event in words, in a language. */
export function audienceText(app: App, ev: PlanEvent, lang: Lang): string {
  return audienceLabel(ev.audience, lang, (id) => departmentName(app.people.department(id), lang));
}

export function eventContext(app: App, ev: PlanEvent, last: EventContext['last']): EventContext {
  const owner = app.people.byEmail(ev.owner);
  const targets: EventContext['targets'] = [];
  if (ev.announce) {
    const everyone = audienceOf(app, ev);
    const inAud = new Set(everyone.map((p) => p.email.toLowerCase()));
    for (const p of ['slack', 'teams'] as const) {
      const ch = ev.channels[p];
      if (ch && app.senders.has(p)) targets.push({ platform: p, channel: ch, langs: langsOf(app, everyone) });
    }
    for (const w of webChannels(app, ev)) {
      targets.push({ platform: 'web', channel: w.channel, langs: langsOf(app, w.members.filter((m) => inAud.has(m.email.toLowerCase()))) });
    }
  }
  const ownerLang = owner?.language ?? app.config.ITBOT_LANG;
  return { owner, ownerLang, ownerTz: owner?.timezone ?? app.config.ITBOT_TIMEZONE, targets, last, audienceLabel: audienceText(app, ev, ownerLang) };
}

/**
 * Everything an occurrence sends on its own before it happens: one reminder per lead time to
 * the owner (working hours respected unless that would push it past the start), one
 * announcement per channel. Each expires at the start: what is not out by then is missed.
 */
export function itemsFor(app: App, ev: PlanEvent, tz: string, occ: Occurrence, c: EventContext, keep: (due: Date) => boolean = () => true): EnqueueInput[] {
  const items: EnqueueInput[] = [];
  const source = { eventId: ev.id, occurrence: occ.occurrence };
  const wh = app.config.workingHours;
  for (const lead of ev.reminders) {
    const due = shift(occ.start, duration(lead), tz, -1);
    if (!keep(due)) continue; // outside the step's window: no message to compose
    const key = reminderKey(ev.id, occ.occurrence, lead, ev.owner);
    // inside working hours already: nothing to wait for (and no slow time zone object needed)
    const respectHours = !isWorkingFast(due, c.ownerTz, wh) && nextWorkingTime(due, c.ownerTz, wh).getTime() <= occ.start.getTime();
    items.push({
      key,
      kind: 'plan-reminder',
      target: { kind: 'person', email: ev.owner },
      message: reminderMessage({ ev, occ, tz, lang: c.ownerLang, lead, last: c.last, key, audienceLabel: c.audienceLabel }),
      dueAt: due,
      expiresAt: occ.start,
      workingHours: respectHours ? { hours: wh, person: c.owner, defaultTimeZone: app.config.ITBOT_TIMEZONE } : undefined,
      source: { ...source, lead },
    });
  }
  const announceDue = ev.announce && c.targets.length ? shift(occ.start, duration(ev.announce), tz, -1) : null;
  if (announceDue && keep(announceDue)) {
    const due = announceDue;
    for (const tg of c.targets) {
      items.push({
        key: `plan:${ev.id}:${occ.occurrence}:announce:${tg.platform}:${tg.channel}`,
        kind: 'plan-announce',
        target: { kind: 'channel', platform: tg.platform, channelId: tg.channel },
        message: announceMessage(ev, occ, tz, tg.langs, c.owner),
        dueAt: due,
        expiresAt: occ.start,
        source,
      });
    }
  }
  return items;
}

/** Like isWorkingTime, on the cached zone offsets. */
function isWorkingFast(at: Date, tz: string, wh: WorkingHours): boolean {
  const f = toFloating(at, tz);
  const minute = f.getUTCHours() * 60 + f.getUTCMinutes();
  return wh.days[f.getUTCDay()]!.some(([from, to]) => minute >= from && minute < to);
}

/** The longest lead time of an event, as an instant shift from `at`. */
function beyondLeads(ev: PlanEvent, tz: string, at: Date): Date {
  let max = at;
  for (const l of [...ev.reminders, ...(ev.announce ? [ev.announce] : [])]) {
    const d = shift(at, duration(l), tz, 1);
    if (d > max) max = d;
  }
  return new Date(max.getTime() + DAY);
}

/**
 * The durable scheduler. The truth is in SQLite: each event's `scheduled_until` says how far
 * its messages are in the outbox, every message has a deterministic key under a UNIQUE
 * constraint, and each step is claimed with a compare-and-set, so restarts and a second
 * server never queue anything twice. The timer only decides when to look.
 */
export class PlanScheduler {
  private readonly repo: PlanRepo;
  private readonly o: Required<SchedulerOptions>;
  private lastSlow = 0;
  private lastVersion = -1;
  private running: Promise<TickResult> | null = null;
  private afterSeen: { version: number; at: number } | null = null;
  private eventCache: { version: number; list: StoredEvent[] } | null = null;

  constructor(
    private readonly app: App,
    opts: SchedulerOptions = {},
  ) {
    this.repo = new PlanRepo(app.db);
    this.o = {
      horizonMs: opts.horizonMs ?? 60 * DAY,
      chunkMs: opts.chunkMs ?? DAY,
      graceMs: opts.graceMs ?? DAY,
      slowEveryMs: opts.slowEveryMs ?? 60_000,
      intervalMs: opts.intervalMs ?? 2_000,
    };
  }

  /** One pass; concurrent calls share the pass in flight. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const res: TickResult = { scheduled: 0, enqueued: 0, cancelled: 0, escalated: 0, surveys: 0 };
    const tz = this.repo.timezone();
    if (!tz) return res;
    const now = this.app.clock.now();
    const todo = this.repo.eventsToSchedule(new Date(now.getTime() + this.o.horizonMs));
    const lasts = new Map<string, EventContext['last']>();
    for (const s of todo) {
      const f = s.event.followUpSurvey;
      if (f) lasts.set(s.event.id, await lastTime(this.app, f, s.event.id));
    }
    // one write transaction for the whole step (each event still claims its own part)
    tx(this.app.db, () => {
      for (const stored of todo) {
        const r = this.scheduleEvent(stored, tz, now, lasts.get(stored.event.id) ?? null);
        if (r) {
          res.scheduled++;
          res.enqueued += r.enqueued;
          res.cancelled += r.cancelled;
        }
      }
    });
    const version = this.repo.version();
    if (version !== this.lastVersion || now.getTime() - this.lastSlow >= this.o.slowEveryMs) {
      this.lastVersion = version;
      this.lastSlow = now.getTime();
      const s = await this.afterOccurrences(tz, now);
      res.escalated = s.escalated;
      res.surveys = s.surveys;
    }
    this.app.status.planLastTick = now.toISOString();
    return res;
  }

  /**
   * Fills the outbox for one event up to now + horizon + chunk. A new or changed event
   * (`scheduled_until` NULL) is reconciled: waiting messages get the new content, those whose
   * occurrence, lead time or recipient is gone are cancelled, and the look-back is ITBOT_CATCHUP.
   */
  scheduleEvent(stored: StoredEvent, tz: string, now: Date, last: { mean: number | null; responses: number } | null): { enqueued: number; cancelled: number } | null {
    const { app } = this;
    const ev = stored.event;
    const until = new Date(now.getTime() + this.o.horizonMs + this.o.chunkMs);
    const reconcile = stored.scheduledUntil === null;
    const catchupFrom = new Date(now.getTime() - catchupMs(app));
    const pending = reconcile ? new Set(this.repo.pendingKeys(`plan:${ev.id}:`)) : new Set<string>();
    // reconciling looks further back so waiting messages (e.g. held for working hours) are kept,
    // and as far as the change for reminders to record as missed; a new event needs neither
    const tracked = new Date(stored.updatedAt);
    const from = !reconcile
      ? new Date(stored.scheduledUntil!)
      : pending.size
        ? new Date(now.getTime() - 35 * DAY)
        : new Date(Math.max(now.getTime() - 35 * DAY, Math.min(catchupFrom.getTime(), tracked.getTime()) - 1));
    const occs = expand(ev, tz, from, beyondLeads(ev, tz, until));
    const ctx = eventContext(app, ev, last);
    const inStep = (due: Date) => due > from && due <= until;
    const items = occs.flatMap((o) => itemsFor(app, ev, tz, o, ctx, inStep));
    return tx(app.db, () => {
      if (!this.repo.claimSchedule(ev.id, stored.revision, stored.scheduledUntil, until)) return null;
      let enqueued = 0;
      let cancelled = 0;
      if (!reconcile) {
        for (const i of items) if (enqueue(app.db, now, i).created) enqueued++;
        return { enqueued, cancelled };
      }
      const keys = new Set(items.map((i) => i.key));
      // missed reminders are expected only since the current definition took effect: a moved
      // meeting's earlier occurrences (new identities) were never due under it
      for (const i of items) {
        if (pending.has(i.key)) enqueueOrUpdate(app.db, now, i);
        else if (i.dueAt! > catchupFrom) {
          if (enqueueOrUpdate(app.db, now, i) === 'created') enqueued++;
        } else if (i.kind === 'plan-reminder' && i.dueAt! >= tracked) {
          // due while no scheduler ran, longer ago than ITBOT_CATCHUP: recorded as missed (the
          // worker expires it at once), so plan against actual shows it; never sent
          enqueue(app.db, now, { ...i, workingHours: undefined, expiresAt: i.dueAt });
        }
      }
      const occPrefixes = new Set(occs.map((o) => `plan:${ev.id}:${o.occurrence}:`));
      for (const k of pending) {
        if (keys.has(k)) continue;
        // a snooze stays while its occurrence is still in the plan
        if (k.includes(':snooze:') && [...occPrefixes].some((p) => k.startsWith(p))) continue;
        if (k.includes(':overdue:')) continue;
        if (cancelKey(app.db, k, 'the plan event changed')) cancelled++;
      }
      return { enqueued, cancelled };
    });
  }

  /**
   * After occurrences: the follow-up survey once the occurrence has ended (within the
   * catch-up window, never for a skipped one), and the one escalation of an overdue one.
   * Only occurrences after the event entered the plan count.
   */
  async afterOccurrences(tz: string, now: Date): Promise<{ escalated: number; surveys: number }> {
    const { app } = this;
    let escalated = 0;
    let surveys = 0;
    const head = headOfIt(app);
    const catchup = catchupMs(app);
    const lookback = Math.max(catchup, this.o.graceMs + 14 * DAY);
    // after the first pass only what changed since the previous one (with a margin); a new
    // import starts over, since its events may bring occurrences of their own
    const version = this.repo.version();
    const since = this.afterSeen && this.afterSeen.version === version ? this.afterSeen.at - 10 * 60_000 : now.getTime() - lookback;
    this.afterSeen = { version, at: now.getTime() };
    for (const stored of this.events()) {
      const ev = stored.event;
      // occurrences count from when the current definition took effect (see scheduleEvent)
      const tracked = new Date(stored.updatedAt);
      const from = new Date(Math.max(tracked.getTime() - 8 * DAY, since - this.o.graceMs - 8 * DAY));
      for (const occ of expandCached(ev, tz, from, now)) {
        if (occ.end > now || occ.end < tracked) continue;
        const endMs = occ.end.getTime();
        const surveyDue = !!ev.followUpSurvey && endMs >= since && endMs >= now.getTime() - catchup;
        const overdue = endMs + this.o.graceMs < now.getTime() && endMs + this.o.graceMs >= since && endMs >= now.getTime() - lookback;
        if (!surveyDue && !overdue) continue;
        const state = this.repo.occurrence(ev.id, occ.occurrence);
        if (surveyDue && !state?.surveyStartedAt && state?.state !== 'skipped') {
          if (this.repo.claimSurvey(ev.id, occ.occurrence, occ.start, now)) {
            let ok: boolean | 'gave-up' = false;
            try {
              ok = await startFollowUp(app, ev.followUpSurvey!, `plan:${ev.id}:${occ.occurrence}`, ev.audience, ev.title);
            } catch (e) {
              // an unknown survey or one already closed will not get better by retrying
              const code = (e as { code?: string }).code;
              if (code === 'not_found' || code === 'bad_input') ok = 'gave-up';
              app.log.warn({ err: e, event: ev.id, occurrence: occ.occurrence }, 'plan: follow-up survey could not start');
            }
            if (ok === true) surveys++;
            else if (ok === false) {
              this.repo.releaseSurvey(ev.id, occ.occurrence);
              this.afterSeen = null; // look again next pass
            }
          }
        }
        if (!overdue || (state && (state.state === 'done' || state.state === 'skipped' || state.escalatedAt))) continue;
        tx(app.db, () => {
          if (!this.repo.claimOverdue(ev.id, occ.occurrence, occ.start, now)) return;
          if (!head) {
            app.log.warn({ event: ev.id }, 'plan: overdue occurrence, but no head of IT in the directory');
            return;
          }
          const owner = app.people.byEmail(ev.owner);
          const lang = head.language ?? app.config.ITBOT_LANG;
          const r = enqueue(app.db, now, {
            key: `plan:${ev.id}:${occ.occurrence}:overdue:to:${head.email.toLowerCase()}`,
            kind: 'plan-overdue',
            target: { kind: 'person', email: head.email },
            message: overdueMessage(ev, occ, tz, lang, owner),
            workingHours: { hours: app.config.workingHours, person: head, defaultTimeZone: app.config.ITBOT_TIMEZONE },
            source: { eventId: ev.id, occurrence: occ.occurrence },
          });
          if (r.created) escalated++;
        });
      }
    }
    return { escalated, surveys };
  }

  /** The plan's events, read again only when an import changed the plan. */
  private events(): StoredEvent[] {
    const version = this.repo.version();
    if (!this.eventCache || this.eventCache.version !== version) this.eventCache = { version, list: this.repo.events() };
    return this.eventCache.list;
  }

  /** Runs `tick` every `intervalMs` until stopped. */
  start(): Running {
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    const loop = () => {
      if (stopped) return;
      this.tick()
        .catch((e) => this.app.log.error({ err: e }, 'plan scheduler tick failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, this.o.intervalMs);
        });
    };
    timer = setTimeout(loop, 50);
    return {
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        if (this.running) await this.running.catch(() => undefined);
      },
    };
  }
}
