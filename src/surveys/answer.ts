import type { ActionHandler, FormGuard, TurnContext } from '../app-types.ts';
import type { InboundAction, Lang, OutMessage } from '../chat/model.ts';
import { pick, quote } from '../i18n/index.ts';
import { tx, type Db } from '../store/db.ts';
import { noteWrite, writtenBefore } from '../chat/event-writes.ts';
import { SurveyRepo, storedValues, type RecipientRow, type RunRow } from '../store/survey-repo.ts';
import type { Person } from '../people/person.ts';
import { MAX_TEXT_ANSWER, type Question, type SurveyDef } from './definition.ts';
import { CHANGE_ACTION, answerOptions, closeTime, type InviteParams } from './messages.ts';
import { invitationNow, openRunsFor, reminderKey } from './runs.ts';
import { st } from './texts.ts';
import { clipPlain } from '../chat/clip.ts';

export { MAX_TEXT_ANSWER };

/**
 * Group commit: answers that arrive in the same turn of the event loop (a burst of
 * clicks) are written in one IMMEDIATE transaction, each in its own savepoint so one
 * failure cannot undo another. Every caller is answered only after the commit, so an
 * acknowledged answer is durable. A lone click is a batch of one.
 */
const pending = new Map<Db, Array<{ work: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }>>();

function inBatch<T>(db: Db, work: () => T): Promise<T> {
  let list = pending.get(db);
  if (!list) {
    pending.set(db, (list = []));
    queueMicrotask(() => flush(db));
  }
  return new Promise<T>((resolve, reject) => list.push({ work, resolve: resolve as (v: unknown) => void, reject }));
}

function flush(db: Db): void {
  const list = pending.get(db) ?? [];
  pending.delete(db);
  const results: Array<{ ok: boolean; value: unknown }> = [];
  try {
    tx(db, () => {
      for (const item of list) {
        try {
          results.push({ ok: true, value: db.transaction(item.work)() }); // nested: a savepoint
        } catch (e) {
          results.push({ ok: false, value: e });
        }
      }
    });
  } catch (e) {
    for (const item of list) item.reject(e);
    return;
  }
  list.forEach((item, i) => (results[i]!.ok ? item.resolve(results[i]!.value) : item.reject(results[i]!.value)));
}

/** A validated answer: a number or option as text, a list for multi-choice. */
type Value = string | string[];

function reply(text: string, lang: Lang, extra: Partial<OutMessage> = {}): OutMessage[] {
  return [{ text, lang, blocks: [{ type: 'text', text }], ...extra }];
}

const bad = (lang: Lang, reason: string) => reply(st(lang, 'badAnswer', { reason }), lang, { ephemeral: true });

/** The options of a question as the person sees them, for an error: «Intranet», «Chat» / "Intranet", "Chat". */
function optionList(q: Question, lang: Lang): string {
  return answerOptions(q, lang).map((o) => quote(o.label, lang)).join(', ');
}

/** Checks one raw value against its question; returns the value, null for "no answer", or an error text. */
function check(q: Question, given: unknown, lang: Lang): { value: Value | null } | { error: string } {
  const question = pick(q.text, lang);
  // (" 4 " from a form field, or a value pasted with a space around it, is the value: a text is trimmed below)
  const raw = typeof given === 'string' ? given.trim() : Array.isArray(given) ? given.map((v) => (typeof v === 'string' ? v.trim() : v)) : given;
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) return { value: null };
  if (q.type === 'multi') {
    // Adaptive Card multi-select inputs submit "a,b"; option values never contain a comma
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((x) => x.trim()).filter(Boolean) : [raw];
    const allowed = new Set(q.options.map((o) => o.value));
    for (const v of list) if (typeof v !== 'string' || !allowed.has(v)) return { error: st(lang, 'badOption', { value: clipPlain(String(v), 50), question, options: optionList(q, lang) }) };
    // the options' order, each once: the same choice is stored the same way
    return { value: q.options.map((o) => o.value).filter((v) => list.includes(v)) };
  }
  if (typeof raw !== 'string') return { error: st(lang, 'badMalformed') };
  if (q.type === 'text') {
    const text = raw.trim();
    if (text.length > MAX_TEXT_ANSWER) return { error: st(lang, 'badTooLong', { question, max: MAX_TEXT_ANSWER }) };
    return { value: text === '' ? null : text };
  }
  if (q.type === 'choice' || q.type === 'likert') {
    if (!q.options.some((o) => o.value === raw)) return { error: st(lang, 'badOption', { value: clipPlain(raw, 50), question, options: optionList(q, lang) }) };
    return { value: raw };
  }
  const [lo, hi] = q.type === 'csat' ? [1, 5] : [0, 10];
  if (!/^\d{1,2}$/.test(raw) || Number(raw) < lo || Number(raw) > hi) return { error: st(lang, 'badNotAnumber', { value: clipPlain(raw, 50), min: lo, max: hi, question }) };
  return { value: String(Number(raw)) };
}

/** The ids of a survey's free-text questions (their comments are stepped with the counts). */
function textQuestionIds(def: SurveyDef): ReadonlySet<string> {
  return new Set(def.questions.filter((q) => q.type === 'text').map((q) => q.id));
}

/** A run id as a button carries it ("RUN"); NaN when the value is not one. */
function parseRunId(value: string | undefined): number {
  return /^\d{1,15}$/.test(value ?? '') ? Number(value) : NaN;
}

/**
 * The run a person answers or changes, with its survey and their place among its recipients;
 * or the reply when there is no such run or survey, it has closed, or they were not asked.
 */
function openRunFor(ctx: TurnContext, repo: SurveyRepo, runId: number, offerCurrent = true): { run: RunRow; def: SurveyDef; person: Person; recipient: RecipientRow } | OutMessage[] {
  const { app, lang, person } = ctx;
  const run = Number.isSafeInteger(runId) ? repo.run(runId) : null;
  const stored = run ? repo.get(run.survey_id) : null;
  if (!run || !stored) return reply(st(lang, 'unknownSurvey'), lang, { ephemeral: true });
  if (run.closed_at || app.clock.now().toISOString() >= run.closes_at) {
    // the button of an earlier wave: the wave open now, when the person has yet to answer it, comes with the refusal
    const current = person && offerCurrent ? openRunsFor(app, person.email).find((o) => o.run.survey_id === run.survey_id && !o.answered) : undefined;
    if (!current) return reply(st(lang, 'closed'), lang, { ephemeral: true });
    return [...reply(st(lang, 'closedNewerOpen'), lang, { ephemeral: true }), invitationNow(app, current, lang, person!.timezone)];
  }
  const recipient = person ? repo.recipient(run.id, person.email) : null;
  if (!person || !recipient) return reply(st(lang, 'notRecipient'), lang, { ephemeral: true });
  return { run, def: stored.def, person, recipient };
}

/** The name under which a turn notes that it recorded survey answers (`event_writes`), with its outcome. */
const ANSWER_WRITE = 'surveys.answer';

/**
 * Records answers of one person to one run. The participation row is the lock: inserted
 * in the same IMMEDIATE transaction as the answers, under a primary key, so double
 * clicks, concurrent clicks and platform retries leave one answer per person and question.
 * `complete`: a form submission (required questions must be there; blank optional ones
 * clear an earlier answer); otherwise a single click on one question.
 */
export async function recordAnswers(ctx: TurnContext, runId: number, raw: Record<string, unknown>, complete: boolean): Promise<OutMessage[]> {
  const { app, lang } = ctx;
  const repo = new SurveyRepo(app.db);
  const open = openRunFor(ctx, repo, runId);
  if (Array.isArray(open)) return open;
  const { run, def, person, recipient } = open;
  const now = app.clock.now();

  const anon = def.anonymity === 'anonymous';
  // anonymous: the first answer stands, so a several-question survey is answered as one form
  if (anon && !complete && def.questions.length > 1) return answerInForm(ctx, run, def, 'useFormAnonymous', []);
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  for (const k of Object.keys(raw)) if (!byId.has(k)) return bad(lang, st(lang, 'badUnknownQuestion', { question: clipPlain(k, 50) }));
  const answers = new Map<string, Value | null>();
  for (const q of def.questions) {
    if (!complete && !(q.id in raw)) continue;
    const c = check(q, raw[q.id], lang);
    if ('error' in c) return bad(lang, c.error);
    if (c.value === null && (!q.optional || !complete)) return bad(lang, st(lang, 'badMissing', { question: pick(q.text, lang) }));
    answers.set(q.id, c.value);
  }
  if (answers.size === 0) return bad(lang, st(lang, 'badMalformed'));

  const grp = recipient.grp ?? '';
  // a single click counts only where it leaves no required question unanswered: a person is a
  // response once all of them are (a click on one question of a several-question survey is
  // refused, with the form to answer them all)
  let missing: Question[] = [];
  // what the person had recorded, read once under the write lock when a click leaves questions open
  let stored: Record<string, string> = {};
  const outcome = await inBatch(app.db, () => {
    // a turn run again for this event (its server died after the core had begun it): when its first
    // run recorded the answer, it is not recorded again, and the person is thanked as that run would
    // have (not "recorded as before", nor an anonymous survey's "already answered")
    const done = writtenBefore(ctx, ANSWER_WRITE);
    if (done === 'first' || done === 'changed' || done === 'same') return done;
    // the close may have happened since we looked: read it again under the write lock
    const fresh = repo.run(run.id)!;
    if (fresh.closed_at) return 'closed' as const;
    const unanswered = complete || anon ? [] : def.questions.filter((q) => !q.optional && !answers.has(q.id));
    if (unanswered.length) {
      stored = repo.linkedAnswers(run.id, person.email);
      missing = unanswered.filter((q) => !(q.id in stored));
      if (missing.length) return 'incomplete' as const;
    }
    const first = repo.participate(run.id, person.email, grp);
    let changed = false;
    if (anon) {
      if (!first) return 'already' as const;
      for (const [qid, v] of answers) {
        if (v === null) continue;
        const q = byId.get(qid)!;
        repo.addAnonTally(run.id, qid, '');
        if (q.type === 'text') repo.addAnonComment(run.id, qid, v as string);
        else for (const x of Array.isArray(v) ? v : [v]) repo.addAnonTally(run.id, qid, x);
      }
    } else {
      for (const [qid, v] of answers) {
        const type = byId.get(qid)!.type;
        if (v === null) changed = repo.deleteLinkedAnswer(run.id, person.email, qid, type) || changed;
        else changed = repo.putLinkedAnswer(run.id, person.email, qid, type, grp, Array.isArray(v) ? JSON.stringify(v) : v, now) || changed;
      }
    }
    if (first && def.anonymity !== 'named') {
      // live results move in steps of at least minGroupSize responses (docs/surveys.md)
      repo.stepIfDue(run.id, grp, anon, def.minGroupSize, textQuestionIds(def));
    }
    if (first) {
      // the rounds already queued too: the survey's reminders may have been changed since (before anyone answered)
      const offsets = new Set([...def.reminders, ...repo.reminderRounds(run.id)]);
      repo.cancelReminders([...offsets].map((o) => reminderKey(def.id, run.run_key, o, person.email)));
    }
    // (a double click, or the same form sent again, changes nothing and says so)
    const recorded = first ? ('first' as const) : changed ? ('changed' as const) : ('same' as const);
    noteWrite(ctx, ANSWER_WRITE, recorded);
    return recorded;
  });

  if (outcome === 'closed') return reply(st(lang, 'closed'), lang, { ephemeral: true });
  if (outcome === 'incomplete') {
    // the form comes back with the click's value and what the person had recorded filled in
    const filled = { ...recordedAnswers(def, stored) };
    for (const [qid, v] of answers) if (v !== null) filled[qid] = v;
    return answerInForm(ctx, run, def, 'useForm', missing, filled);
  }
  if (outcome === 'already') return reply(st(lang, 'alreadyAnonymous'), lang, { ephemeral: true });
  const date = closeTime(run.closes_at, person.timezone ?? app.config.ITBOT_TIMEZONE, app.config.ITBOT_TIMEZONE, lang);
  if (anon) return reply(st(lang, 'thanks'), lang, { replaceOriginal: true });
  const text = outcome === 'changed'
    ? st(lang, 'thanksChanged', { date })
    : outcome === 'same'
      ? st(lang, 'thanksUnchanged', { date })
      : `${st(lang, 'thanks')} ${st(lang, 'thanksChangeable', { date })}`;
  // what is recorded now, and a way to change it (where the thank-you replaces the form, as in Teams, the
  // form is otherwise gone)
  const recorded = recordedAnswers(def, repo.linkedAnswers(run.id, person.email));
  return [{
    text,
    lang,
    blocks: [
      { type: 'text', text },
      { type: 'fields', fields: def.questions.filter((q) => q.id in recorded).map((q) => ({ label: pick(q.text, lang), value: shownAnswer(q, recorded[q.id]!, lang) })) },
      { type: 'actions', buttons: [{ label: st(lang, 'changeAnswer'), action: CHANGE_ACTION, value: String(run.id) }] },
    ],
  }];
}

/**
 * A click that cannot count alone (a several-question survey): the refusal, saying which
 * required questions are still open, and the survey's form to answer them all. An anonymous
 * survey's form comes back empty (no reply of it carries an answer).
 */
function answerInForm(ctx: TurnContext, run: RunRow, def: SurveyDef, key: 'useForm' | 'useFormAnonymous', missing: Question[], answers?: InviteParams['answers']): OutMessage[] {
  const { app, lang, person } = ctx;
  const questions = missing.map((q) => quote(pick(q.text, lang), lang)).join(', ');
  const text = st(lang, key, { missing: st(lang, missing.length === 1 ? 'missingOne' : 'missingMany', { questions }) });
  return [
    { text, lang, blocks: [{ type: 'text', text }], ephemeral: true },
    invitationNow(app, { run, def }, lang, person?.timezone ?? null, answers),
  ];
}

/** A person's stored answers by question: a multi-choice as its list. */
function recordedAnswers(def: SurveyDef, stored: Record<string, string>): NonNullable<InviteParams['answers']> {
  const out: NonNullable<InviteParams['answers']> = {};
  for (const q of def.questions) {
    const v = stored[q.id];
    if (v !== undefined) out[q.id] = q.type === 'multi' ? storedValues(q.type, v) : v;
  }
  return out;
}

/** An answer as the person chose it: option labels, numbers, their text. */
function shownAnswer(q: Question, v: string | string[], lang: Lang): string {
  if (q.type === 'text') return v as string;
  const labels = new Map(answerOptions(q, lang).map((o) => [o.value, o.label]));
  return (Array.isArray(v) ? v : [v]).map((x) => labels.get(x) ?? x).join(', ');
}

/** `survey.change`: value "RUN": the survey again, as its invitation, with the answers recorded so far filled in. */
export const changeAction: ActionHandler = (ctx: TurnContext, action: InboundAction) => {
  const { app, lang } = ctx;
  const repo = new SurveyRepo(app.db);
  const open = openRunFor(ctx, repo, parseRunId(action.value));
  if (Array.isArray(open)) return open;
  const { run, def, person } = open;
  if (def.anonymity === 'anonymous') return reply(st(lang, 'alreadyAnonymous'), lang, { ephemeral: true });
  const answers = recordedAnswers(def, repo.linkedAnswers(run.id, person.email));
  const form = invitationNow(app, { run, def }, lang, person.timezone, answers);
  return [{ ...form, replaceOriginal: true }];
};

/** `survey.answer`: one click, value "RUN:QUESTION:VALUE". */
export const answerAction: ActionHandler = (ctx: TurnContext, action: InboundAction) => {
  const m = /^(\d{1,15}):([a-z0-9-]{1,63}):(.{1,100})$/s.exec(action.value ?? '');
  if (!m) return bad(ctx.lang, st(ctx.lang, 'badMalformed'));
  return recordAnswers(ctx, Number(m[1]), { [m[2]!]: m[3] }, false);
};

/** `survey.submit`: a form, value "RUN", inputs by question id. */
export const submitAction: ActionHandler = (ctx: TurnContext, action: InboundAction) => {
  const runId = parseRunId(action.value);
  if (!Number.isSafeInteger(runId) || !action.values || typeof action.values !== 'object') return bad(ctx.lang, st(ctx.lang, 'badMalformed'));
  return recordAnswers(ctx, runId, action.values, true);
};

/**
 * May a survey's form (value "RUN") still be opened: not when the run has closed, is unknown, or
 * the person was not asked; the same check the submission makes, so the person learns it before
 * filling anything in.
 */
export const submitGuard: FormGuard = (ctx: TurnContext, action: InboundAction) => {
  // (a platform shows a refusal as text before its own dialog: no invitation with buttons comes along)
  const open = openRunFor(ctx, new SurveyRepo(ctx.app.db), parseRunId(action.value), false);
  return Array.isArray(open) ? open : null;
};
