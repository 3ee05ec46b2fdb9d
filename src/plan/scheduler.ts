import type { App, Running } from '../app-types.ts';
import { cancelKey, enqueue, enqueueOrUpdate, waitingRow, type EnqueueInput } from '../jobs/outbox.ts';
import { tx } from '../store/db.ts';
import { PlanRepo, type StoredEvent } from '../store/plan-repo.ts';
import { expand, expandCached, occurrenceAt } from './expand.ts';
import { duration } from './duration.ts';
import { shift } from './local-time.ts';
import { cancelMessage, overdueMessage } from './messages.ts';
import type { Lang, Platform } from '../chat/model.ts';
import { lastTime, startFollowUp } from './surveys-bridge.ts';
import { beyondLeads, catchupMs, eventContext, headOfIt, itemsFor, reminderHours, reminderKey, snoozeItem, stillWanted, supersedeReminders, type EventContext } from './items.ts';
import { personLanguage } from '../people/person.ts';
import type { Occurrence, PlanEvent } from './model.ts';

const DAY = 86_400_000;

/** The occurrences a step queued reminders for. */
const reminderOccurrences = (items: EnqueueInput[]) => items.filter((i) => i.kind === 'plan-reminder').map((i) => String(i.source?.occurrence));

/** A stable number in [0, 1) from a string. */
function spread(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

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

interface TickResult {
  scheduled: number;
  enqueued: number;
  cancelled: number;
  escalated: number;
  surveys: number;
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
    // one write transaction for the whole step (each event still claims its own part); none
    // at all on the usual tick with nothing to do, so idle servers never take the write lock
    if (todo.length) tx(this.app.db, () => {
      for (const stored of todo) {
        const r = this.scheduleEvent(stored, tz, now, lasts.get(stored.event.id) ?? null);
        if (r) {
          res.scheduled++;
          res.enqueued += r.enqueued;
          res.cancelled += r.cancelled;
        }
      }
    });
    res.enqueued += this.cancelAnnounced(tz, now);
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
    // each event's mark lands somewhere in the next chunk (by its id), so the daily extensions
    // spread over the day instead of all events coming due in the same tick
    const until = new Date(now.getTime() + this.o.horizonMs + this.o.chunkMs * (1 + spread(ev.id)));
    const reconcile = stored.scheduledUntil === null;
    const catchupFrom = new Date(now.getTime() - catchupMs(app));
    const pending = reconcile ? new Set(this.repo.pendingKeys(`plan:${ev.id}:`)) : new Set<string>();
    // reconciling looks further back so waiting messages (e.g. held for working hours) are kept,
    // and as far as the change for reminders to record as missed; a new event needs neither
    const tracked = new Date(stored.updatedAt);
    // (and as far as the announcement's lead: an event that enters the plan after its announcement
    // time is still announced while it is ahead)
    const announceFrom = ev.announce ? shift(now, duration(ev.announce), tz, -1).getTime() : Infinity;
    const from = !reconcile
      ? new Date(stored.scheduledUntil!)
      : pending.size
        ? new Date(now.getTime() - 35 * DAY)
        : new Date(Math.max(now.getTime() - 35 * DAY, Math.min(catchupFrom.getTime(), tracked.getTime(), announceFrom) - 1));
    const occs = (reconcile ? expand : expandCached)(ev, tz, from, beyondLeads(ev, tz, until));
    const inStep = (due: Date) => due > from && due <= until;
    // the lookups (owner, audience, channels) only when this step has something to queue:
    // the daily extension of most events has nothing
    const leads = [...ev.reminders, ...(ev.announce ? [ev.announce] : [])].map(duration);
    const busy = occs.filter((o) => leads.some((l) => inStep(shift(o.start, l, tz, -1))));
    const ctx = busy.length ? eventContext(app, ev, last) : null;
    // an occurrence already reported skipped or done gets nothing (again) that it no longer wants
    const states = ctx ? new Map(this.repo.occurrences(ev.id).map((r) => [r.occurrence, r.state])) : null;
    const items = ctx ? busy.flatMap((o) => itemsFor(app, ev, tz, o, ctx, inStep).filter((i) => stillWanted(states!.get(o.occurrence), i.key))) : [];
    return tx(app.db, () => {
      if (!this.repo.claimSchedule(ev.id, stored.revision, stored.scheduledUntil, until)) return null;
      let enqueued = 0;
      let cancelled = 0;
      if (!reconcile) {
        for (const i of items) if (enqueue(app.db, now, i).created) enqueued++;
        supersedeReminders(app.db, ev.id, reminderOccurrences(items));
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
        } else if (i.kind === 'plan-announce' && (i.dueAt! >= tracked || i.expiresAt! > now)) {
          // the audience still needs to hear of an event ahead, also one that entered the plan
          // after its announcement time: sent once, late; one already begun is recorded as missed
          // (it expires at the start) when it fell due in the plan, never silently dropped
          if (enqueue(app.db, now, i).created && i.expiresAt! > now) enqueued++;
        }
      }
      // a snooze stays while the reminder it repeats is still in the plan: its occurrence, its
      // lead and its recipient (after an owner change the old owner's snooze goes)
      const reminders = new Set(occs.flatMap((o) => ev.reminders.map((l) => reminderKey(ev.id, o.occurrence, l, ev.owner))));
      const snoozed: string[] = [];
      // (the owner's context is worked out once, and only for a snooze that is still waiting)
      let snoozeCtx = ctx;
      const context = () => (snoozeCtx ??= eventContext(app, ev, last));
      for (const k of pending) {
        if (keys.has(k)) continue;
        if (k.includes(':snooze:') && reminders.has(k.replace(/:snooze:\d+$/, ''))) {
          const occ = this.retimeSnooze(ev, tz, occs, k, now, context);
          if (occ) snoozed.push(occ);
          continue;
        }
        if (k.includes(':overdue:')) continue;
        if (cancelKey(app.db, k, 'the plan event changed')) cancelled++;
      }
      supersedeReminders(app.db, ev.id, [...reminderOccurrences(items), ...snoozed]);
      return { enqueued, cancelled };
    });
  }

  /**
   * A snooze still waiting whose owner's time zone is no longer the one it keeps (a people import
   * moved them): queued again as Snooze would queue it now, at its own due time, in the new zone's
   * working hours (brought forward into the last window before it when waiting would pass the
   * start, recorded as missed when no window is left: `reminderHours`) and with its time in the new
   * zone. One a worker has taken, or in the zone already, is left as it is. Returns its occurrence
   * when it was queued again. Inside the step's transaction.
   */
  private retimeSnooze(ev: StoredEvent['event'], tz: string, occs: Occurrence[], key: string, now: Date, context: () => EventContext): string | null {
    const { app } = this;
    // (not Snooze's pattern: that one also takes a reminder not snoozed yet and refuses a count of
    // seven digits or more, as a click on a forged card; a snooze queued with any count is retimed here)
    const m = /^plan:[^:]+:(.+):reminder:([^:]+):to:.+:snooze:\d+$/.exec(key);
    const occ = m ? occs.find((o) => o.occurrence === m[1]) : undefined;
    const row = m && occ ? waitingRow(app.db, key) : undefined;
    if (!m || !occ || !row || row.working_tz === null) return null;
    const c = context();
    if (row.working_tz === c.ownerTz) return null;
    const due = new Date(row.due_at);
    enqueueOrUpdate(
      app.db,
      now,
      snoozeItem({ ev, occ, tz, lang: c.ownerLang, lead: m[2]!, last: c.last, key, dueAt: due, audienceLabel: c.audienceLabel, ownerTz: c.owner?.timezone, email: ev.owner, hours: reminderHours(app, due, c.owner) }),
    );
    return occ.occurrence;
  }

  /**
   * An occurrence skipped after its announcement went is off for an audience that expects it:
   * each channel that carried the announcement is told, in the announcement's languages, in the
   * organisation's working hours like the announcement, and not after the start (then it is over
   * anyway). A skip changed to done before it went withdraws it (stillWanted).
   */
  private cancelAnnounced(tz: string, now: Date): number {
    const { app } = this;
    const rows = this.repo.announcedSkips(now);
    if (!rows.length) return 0;
    let n = 0;
    // (an occurrence announced to several channels has a row for each: its event read once)
    const events = new Map<string, PlanEvent | undefined>();
    const eventOf = (id: string) => (events.has(id) ? events.get(id) : events.set(id, this.repo.event(id)?.event).get(id));
    tx(app.db, () => {
      for (const r of rows) {
        const ev = eventOf(r.eventId);
        const occ = ev ? occurrenceAt(ev, tz, r.occurrence) : null;
        if (!ev || !occ) continue;
        const said = JSON.parse(r.message) as { lang?: Lang };
        const created = enqueue(app.db, now, {
          key: `plan:${ev.id}:${r.occurrence}:cancelled:${r.platform}:${r.channel}`,
          kind: 'plan-cancel',
          target: { kind: 'channel', platform: r.platform as Platform, channelId: r.channel },
          message: cancelMessage(ev, occ, tz, said.lang ? [said.lang] : ['de', 'en'], app.config.ITBOT_TIMEZONE),
          expiresAt: occ.start,
          workingHours: { hours: app.config.workingHours, defaultTimeZone: app.config.ITBOT_TIMEZONE, bringForward: true },
          // (one notice, whatever channels carry it, as the announcement: a reader of two web channels sees it once)
          source: { eventId: ev.id, occurrence: r.occurrence, broadcast: `plan:${ev.id}:${r.occurrence}:cancelled` },
        }).created;
        if (created) n++;
      }
    });
    return n;
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
          const lang = personLanguage(head, app.config.ITBOT_LANG);
          const r = enqueue(app.db, now, {
            key: `plan:${ev.id}:${occ.occurrence}:overdue:to:${head.email.toLowerCase()}`,
            kind: 'plan-overdue',
            target: { kind: 'person', email: head.email },
            message: overdueMessage(ev, occ, tz, lang, owner, head.timezone ?? app.config.ITBOT_TIMEZONE),
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

  /**
   * Runs `tick` at once and then every `intervalMs` until stopped. `ready`: the first tick is
   * done, so a plan imported while no server ran has its waiting messages rewritten (also one a
   * server that died held) before the outbox worker sends any of them.
   */
  start(): Running {
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    const pass = () =>
      this.tick()
        .catch((e) => this.app.log.error({ err: e }, 'plan scheduler tick failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, this.o.intervalMs);
        });
    const loop = () => {
      if (!stopped) void pass();
    };
    const ready = pass().then(() => undefined);
    return {
      ready,
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        if (this.running) await this.running.catch(() => undefined);
      },
    };
  }
}
