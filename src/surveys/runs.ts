import { TZDate } from '@date-fns/tz';
import type { App } from '../app-types.ts';
import type { Lang, OutMessage } from '../chat/model.ts';
import type { Bi } from '../i18n/index.ts';
import { AppError, InputError, type Problem } from '../errors.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo, type RunRow } from '../store/survey-repo.ts';
import { audienceTerms, formatAudience, resolveAudience, type Audience } from '../people/audience.ts';
import { cancelByPrefix, enqueue, rewriteWaiting, sendTimes, waitingFor } from '../jobs/outbox.ts';
import { addDuration } from './duration.ts';
import { formatLocal, toFloating } from '../plan/local-time.ts';
import { invitation, type InviteParams } from './messages.ts';
import { noSuchSurvey, surveyResults } from './results.ts';
import type { SurveyDef } from './definition.ts';
import { personLanguage } from '../people/person.ts';

const inviteKey = (surveyId: string, runKey: string, email: string) => `survey:${surveyId}:${runKey}:invite:${email}`;
export const reminderKey = (surveyId: string, runKey: string, offset: string, email: string) => `survey:${surveyId}:${runKey}:reminder:${offset}:${email}`;

/** A local wall-clock time ("2027-03-31T17:00") in a time zone, as an instant. */
export function localToInstant(local: string, tz: string): Date {
  const [d, t] = local.split('T') as [string, string];
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const [h, min, s] = (t + ':00').split(':').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, day, h, min, s || 0, tz).getTime());
}

/** The local wall time of an instant in a zone, to the minute: "2027-03-28T03:30" (as a survey file writes it). */
export const wallTime = (at: Date, tz: string) => formatLocal(toFloating(at, tz)).slice(0, 16);

function closesAtFor(def: SurveyDef, openedAt: Date, tz: string): Date {
  return def.closes.kind === 'after' ? addDuration(openedAt, def.closes.duration) : localToInstant(def.closes.local, tz);
}

/** An open survey run sent to a person, with its definition and whether they have answered. */
export interface OpenRun { run: RunRow; def: SurveyDef; answered: boolean }

/** A person's open survey runs (sent to them, not closed). */
export function openRunsFor(app: App, email: string): OpenRun[] {
  const repo = new SurveyRepo(app.db);
  const now = app.clock.now().toISOString();
  const out: OpenRun[] = [];
  for (const run of repo.openRuns()) {
    if (run.closes_at <= now || !repo.recipient(run.id, email)) continue;
    const stored = repo.get(run.survey_id);
    if (stored) out.push({ run, def: stored.def, answered: repo.hasParticipated(run.id, email) });
  }
  return out;
}

/** An open run's invitation as the person would get it now: their language, their zone. */
export function invitationNow(app: App, o: { run: RunRow; def: SurveyDef }, lang: Lang, timezone: string | null, answers?: InviteParams['answers']): OutMessage {
  const tz = app.config.ITBOT_TIMEZONE;
  return invitation({ def: o.def, title: runTitle(o.def, o.run), runId: o.run.id, closesAt: o.run.closes_at, lang, timezone: timezone ?? tz, orgTimezone: tz, reminder: false, answers });
}

export function runTitle(def: SurveyDef, run: RunRow): Bi {
  return run.title ? (JSON.parse(run.title) as Bi) : def.title;
}

/**
 * The terms of an audience (in file syntax) that match nobody in the people directory, each as
 * "department:Verkauf", followed where it names a department by its German or English name
 * instead of its id by how to write it ("; Verkauf is the name of department Sales: write
 * department:Sales").
 */
export function audienceMatchingNobody(app: App, audience: Audience): string[] {
  return audience.filter((t) => resolveAudience(app.people, [t]).length === 0).map((t) => {
    const term = formatAudience([t]) as string;
    if (t.kind !== 'department') return term;
    const name = t.name.toLowerCase();
    const meant = app.people.departments().find((d) => d.nameDe?.toLowerCase() === name || d.nameEn?.toLowerCase() === name);
    return meant ? `${term} (${t.name} is the name of department ${meant.id}: write department:${meant.id})` : term;
  });
}

/**
 * Opens a run (wave) of a survey and queues one invitation per recipient, in the
 * recipient's language. `runKey` is deterministic and UNIQUE per survey: a second call
 * is a no-op (created false). `scheduled` invitations wait for the recipient's working
 * hours; otherwise they go now (the operator's explicit "send"). `dueAt`: when a recurring wave
 * was due; its close counts from then, also when the run opens later.
 * Throws AppError not_found for an unknown survey, InputError when its fixed close time has passed
 * or, for a send that is not `scheduled`, when the audience matches nobody in the directory
 * (nothing opened, nothing queued). `notes` of a new run: each audience term that matches
 * nobody, and each reminder that falls after a fixed close (it is never sent); the caller
 * shows them (the CLI on stderr), a scheduled run logs them.
 */
export function startSurveyRun(
  app: App,
  surveyId: string,
  opts: { runKey: string; audience?: Audience; scheduled: boolean; title?: Bi; dueAt?: Date },
): { runId: number; queued: number; created: boolean; notes: Problem[] } {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  if (!stored) throw noSuchSurvey(surveyId);
  const def = stored.def;
  const now = app.clock.now();
  const tz = app.config.ITBOT_TIMEZONE;
  // (a wave opened late, after a downtime, still closes when it was due to: not into the next wave)
  const closesAt = closesAtFor(def, opts.dueAt && opts.dueAt < now ? opts.dueAt : now, tz);
  return tx(app.db, () => {
    const existing = repo.runByKey(surveyId, opts.runKey);
    if (existing) return { runId: existing.id, queued: 0, created: false, notes: [] };
    const entry = `survey ${surveyId}`;
    if (closesAt.getTime() <= now.getTime()) {
      throw new InputError([{ entry, field: 'closes', message: `the survey closed at ${wallTime(closesAt, tz)} (${tz}) already: set a later close time and create it again` }]);
    }
    const audience = opts.audience ?? def.audience;
    const people = resolveAudience(app.people, audience);
    if (people.length === 0 && !opts.scheduled) {
      throw new InputError([{ entry, field: 'audience', message: `${audienceMatchingNobody(app, audience).join(', ')} matches nobody in the people directory: no run opened, nothing queued (import the people first, or change the audience)` }]);
    }
    const notes: Problem[] = audienceMatchingNobody(app, audience).map((term) => ({ entry, field: 'audience', message: `${term} matches nobody in the people directory: nobody invited for it` }));
    // (a run that cannot reach the group size shows no figure at all: better said before the invitations go)
    if (people.length > 0 && people.length < def.minGroupSize) {
      notes.push({ entry, field: 'minGroupSize', message: `${def.minGroupSize} is more than the ${people.length} ${people.length === 1 ? 'person' : 'people'} invited: every figure of this run will be withheld` });
    }
    def.reminders.forEach((d, i) => {
      if (addDuration(now, d) >= closesAt) notes.push({ entry, field: `reminders[${i}]`, message: `${d} falls after the close (${wallTime(closesAt, tz)}, ${tz}): this reminder is not sent` });
    });
    const run = repo.createRun({ surveyId, runKey: opts.runKey, title: opts.title ? JSON.stringify(opts.title) : null, scheduled: opts.scheduled, openedAt: now, closesAt, audience: audienceTerms(audience) });
    // a department is its own group in breakdowns only when it has enough recipients
    const perDept = new Map<string, number>();
    for (const p of people) if (p.department) perDept.set(p.department, (perDept.get(p.department) ?? 0) + 1);
    const title = opts.title ?? def.title;
    let queued = 0;
    for (const p of people) {
      const lang: Lang = personLanguage(p, app.config.ITBOT_LANG);
      const grp = p.department && perDept.get(p.department)! >= def.minGroupSize ? p.department : null;
      repo.addRecipient({ run_id: run.id, email: p.email, department: p.department, grp, lang });
      const message = invitation({ def, title, runId: run.id, closesAt: closesAt.toISOString(), lang, timezone: p.timezone ?? tz, orgTimezone: tz, reminder: false });
      const r = enqueue(app.db, now, {
        key: inviteKey(surveyId, opts.runKey, p.email),
        kind: 'survey-invite',
        target: { kind: 'person', email: p.email },
        message,
        expiresAt: closesAt,
        workingHours: opts.scheduled ? { hours: app.config.workingHours, person: p, defaultTimeZone: tz } : undefined,
        source: { survey: surveyId, run: opts.runKey },
      });
      if (r.created) queued++;
    }
    app.log.info({ survey: surveyId, run: opts.runKey, recipients: people.length }, 'survey run opened');
    if (notes.length && opts.scheduled) app.log.warn({ survey: surveyId, run: opts.runKey, notes: notes.map((n) => `${n.field}: ${n.message}`) }, 'survey run opened with warnings');
    return { runId: run.id, queued, created: true, notes };
  });
}

/**
 * Queues the reminders of a run that are due: once per offset (a claimed round), only to
 * those who have not answered, never after the close, waiting for working hours. The round
 * comes when the run is `offset` old; each person's reminder is due `offset` after their own
 * invitation went out (one held for working hours from Friday evening to Monday 08:00 gets its
 * P3D reminder on Thursday, not on Tuesday).
 */
export function queueDueReminders(app: App, def: SurveyDef, run: RunRow): number {
  const repo = new SurveyRepo(app.db);
  const now = app.clock.now();
  const closesAt = new Date(run.closes_at);
  if (run.closed_at || now >= closesAt) return 0;
  let total = 0;
  for (const offset of def.reminders) {
    const due = addDuration(new Date(run.opened_at), offset);
    if (due > now || due >= closesAt || repo.reminderRoundDone(run.id, offset)) continue;
    total += tx(app.db, () => {
      const queued = queueReminderRound(app, def, run, offset, due);
      return repo.claimReminderRound(run.id, offset, queued) ? queued : 0;
    });
  }
  return total;
}

/**
 * Queues one reminder round (the survey's `offset`) to everyone of the run who has not
 * answered, due at `dueAt` within working hours, never after the close. A scheduled round (no
 * `by`): each person's reminder is due no earlier than `offset` after their invitation went out
 * (or is to go); one that would fall after the close is not queued. A round brought forward
 * `by` someone goes at `dueAt`. Only who was invited and when is read, never an answer.
 * Idempotent by key; call it inside a transaction together with `claimReminderRound`.
 */
export function queueReminderRound(app: App, def: SurveyDef, run: RunRow, offset: string, dueAt: Date, by?: string): number {
  const repo = new SurveyRepo(app.db);
  const now = app.clock.now();
  const tz = app.config.ITBOT_TIMEZONE;
  const closesAt = new Date(run.closes_at);
  const waiting = repo.nonRespondents(run.id);
  const keys = waiting.map((r) => inviteKey(def.id, run.run_key, r.email));
  const invited = by ? new Map<string, Date>() : sendTimes(app.db, keys);
  let queued = 0;
  for (const [i, r] of waiting.entries()) {
    const sentAt = invited.get(keys[i]!);
    const own = sentAt ? addDuration(sentAt, offset) : dueAt;
    // never before the invitation: one held up (a platform failing, a server that died holding
    // it) is followed by its reminder `offset` after it went (a round brought forward: right after)
    const base = sentAt ?? new Date(run.opened_at);
    const after = { key: keys[i]!, ms: by ? 0 : addDuration(base, offset).getTime() - base.getTime() };
    const due = own > dueAt ? own : dueAt;
    if (due >= closesAt) continue;
    const person = app.people.byEmail(r.email);
    // in the person's language as it is now (the directory may have changed since the invitation), as everything the bot sends on its own
    const lang = person ? personLanguage(person, app.config.ITBOT_LANG) : r.lang;
    const message = invitation({ def, title: runTitle(def, run), runId: run.id, closesAt: run.closes_at, lang, timezone: person?.timezone ?? tz, orgTimezone: tz, reminder: true });
    const e = enqueue(app.db, now, {
      key: reminderKey(def.id, run.run_key, offset, r.email),
      kind: 'survey-reminder',
      target: { kind: 'person', email: r.email },
      message,
      dueAt: due,
      expiresAt: new Date(run.closes_at),
      workingHours: { hours: app.config.workingHours, person, defaultTimeZone: tz },
      source: { survey: def.id, run: run.run_key, reminder: offset, after, ...(by ? { by } : {}) },
    });
    if (e.created) queued++;
  }
  return queued;
}

/**
 * A person's time zone or language changed in the directory: the invitations and reminders still
 * waiting for them (not one a worker has taken) give the close in their zone, in their language
 * (`lang`; without it, the language they were written in). One that may have gone already (tried
 * before) keeps its language: the person never gets it twice in two languages. Returns how many were rewritten.
 */
export function retextForPerson(app: App, email: string, timezone: string, lang?: Lang): number {
  const repo = new SurveyRepo(app.db);
  const tz = app.config.ITBOT_TIMEZONE;
  // (the survey and run of each waiting message, read once for its invitation and reminders)
  const runs = new Map<string, { def: SurveyDef; run: RunRow } | null>();
  const runOf = (survey: string, runKey: string) => {
    const k = `${survey}\u0000${runKey}`;
    if (!runs.has(k)) {
      const stored = repo.get(survey);
      const run = stored ? repo.runByKey(survey, runKey) : null;
      runs.set(k, stored && run ? { def: stored.def, run } : null);
    }
    return runs.get(k)!;
  };
  let n = 0;
  for (const row of waitingFor(app.db, email, ['survey-invite', 'survey-reminder'])) {
    const src = row.source ? (JSON.parse(row.source) as { survey?: unknown; run?: unknown }) : {};
    if (typeof src.survey !== 'string' || typeof src.run !== 'string') continue;
    const found = runOf(src.survey, src.run);
    if (!found) continue;
    const { def, run } = found;
    const written = (JSON.parse(row.message) as OutMessage).lang ?? app.config.ITBOT_LANG;
    const message = invitation({
      def, title: runTitle(def, run), runId: run.id, closesAt: run.closes_at, lang: lang && row.attempts === 0 ? lang : written, timezone, orgTimezone: tz, reminder: row.kind === 'survey-reminder',
    });
    if (rewriteWaiting(app.db, row.id, message)) n++;
  }
  return n;
}

/**
 * Closes a run: no more answers, queued invitations and reminders cancelled, small
 * anonymous department groups folded. True when this call closed it. `andThen` (the result card
 * queued) runs in the same transaction: a process that dies, or a card that fails, leaves the
 * run open for the next tick to close with its card, never closed without one.
 */
export function closeRun(app: App, def: SurveyDef, run: RunRow, andThen?: (closed: RunRow) => void): boolean {
  const repo = new SurveyRepo(app.db);
  return tx(app.db, () => {
    if (!repo.close(run.id, app.clock.now())) return false;
    if (def.anonymity === 'anonymous') repo.foldSmallAnonGroups(run.id, def.minGroupSize);
    // the steps stay: the answers after the last step, fewer than minGroupSize, are left out of
    // the closed figures (docs/surveys.md, "At the close"); an anonymous run keeps its step's
    // responses as one number, not per department
    if (def.anonymity === 'anonymous') repo.mergeStepCounts(run.id);
    cancelByPrefix(app.db, `survey:${def.id}:${run.run_key}:invite:`, 'the survey closed');
    cancelByPrefix(app.db, `survey:${def.id}:${run.run_key}:reminder:`, 'the survey closed');
    andThen?.(repo.run(run.id)!);
    return true;
  });
}

/**
 * "Last time" for the plan's reminders: the mean of the first csat question of the newest
 * closed run whose key starts with the prefix and whose mean is shown (the group-size rule
 * applied to that run alone, as on its result card). A run still open is left out (its figure
 * is not final), and so is a closed one whose mean is withheld: an earlier run's result still
 * counts. Mean null (with the newest closed run's responses) when no closed run shows one;
 * null when there is no such run or survey.
 */
export function latestRunSummary(app: App, surveyId: string, runKeyPrefix: string): { mean: number | null; responses: number } | null {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  if (!stored) return null;
  const runs = repo.runs(surveyId).filter((r) => r.run_key.startsWith(runKeyPrefix));
  if (!runs.length) return null;
  const csat = stored.def.questions.find((q) => q.type === 'csat');
  const closed = runs.filter((r) => r.closed_at !== null).reverse();
  let newest: { mean: null; responses: number } | null = null;
  for (const run of closed) {
    const res = surveyResults(app, surveyId, (r) => r.id === run.id);
    const mean = csat ? res.questions.find((x) => x.id === csat.id)?.mean ?? null : null;
    if (mean !== null) return { mean, responses: res.responses };
    newest ??= { mean: null, responses: res.responses };
    if (!csat) break;
  }
  return newest ?? { mean: null, responses: 0 };
}

/**
 * Closed anonymous runs: their participation, counts and comments rewritten in random order,
 * then the database file compacted (VACUUM) and the WAL emptied, so that the file no longer
 * shows in which order people answered (docs/surveys.md, "Anonymity in the data model").
 * Done once per closed run, by the survey tick (so also at start-up for runs closed before)
 * and by `itbot survey close`. The two steps are recorded apart (`reordered_at`,
 * `compacted_at`): when the database is busy, the next tick only compacts again. Returns the
 * runs compacted; none when the database was busy (the next tick tries again).
 */
export function reorderClosedAnonymousRuns(app: App): number {
  const repo = new SurveyRepo(app.db);
  const now = app.clock.now();
  const started = performance.now();
  const reordered = repo.anonRunsToReorder();
  for (const id of reordered) repo.reorderAnonRows(id, now);
  const ids = repo.runsToCompact();
  if (ids.length && !repo.compactFile()) {
    app.log.warn({ runs: ids.length }, 'survey: database busy, the closed anonymous runs are compacted at the next tick');
    return 0;
  }
  if (ids.length) {
    repo.markCompacted(ids, now);
    app.log.info({ runs: ids.length, reordered: reordered.length, ms: Math.round(performance.now() - started) }, 'survey: closed anonymous runs rewritten in random order, database compacted');
  }
  return ids.length;
}

/**
 * Short labels of waves for a trend (axis, table heading): the opening date, and where two
 * waves opened on the same day, the run key after it, so that they can be told apart.
 */
export function waveLabels(waves: Array<{ runKey: string; openedAt: string }>): string[] {
  const day = (w: { openedAt: string }) => w.openedAt.slice(0, 10);
  return waves.map((w) => (waves.filter((x) => day(x) === day(w)).length > 1 ? `${day(w)} (${w.runKey})` : day(w)));
}
