import type { ActionHandler, FormGuard, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { formatCount, pick } from '../i18n/index.ts';
import { isItStaff } from '../people/audience.ts';
import { enqueue, firstSendTime, personMessage } from '../jobs/outbox.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { tx } from '../store/db.ts';
import type { Occurrence, PlanEvent } from './model.ts';
import { nearestOccurrence, occurrenceAt } from './expand.ts';
import { formatWhenFor, snoozeDue } from './messages.ts';
import { askerTimeZone } from '../chat/time-zone.ts';
import { noteWrite, writtenBefore } from '../chat/event-writes.ts';
import { planTexts as t } from './texts.ts';

import { lastTime } from './surveys-bridge.ts';
import { audienceText, MAX_REASON, recordOutcome, reminderHours, reminderKey, snoozeItem, supersedeReminders } from './items.ts';
import { personLanguage } from '../people/person.ts';

const reply = (ctx: TurnContext, text: string, extra: Partial<OutMessage> = {}): OutMessage[] => [
  { text, lang: ctx.lang, blocks: [{ type: 'text', text }], ...extra },
];

/** Finds the event and occurrence named by a button value "eventId|occurrence". */
function locate(ctx: TurnContext, value: string | undefined): { ev: PlanEvent; occ: Occurrence; tz: string } | null {
  const [id, occurrence] = (value ?? '').split('|');
  if (!id || !occurrence) return null;
  const repo = new PlanRepo(ctx.app.db);
  const tz = repo.timezone();
  const stored = repo.event(id);
  if (!tz || !stored) return null;
  const occ = occurrenceAt(stored.event, tz, occurrence);
  return occ ? { ev: stored.event, occ, tz } : null;
}

/**
 * The answer to a card whose occurrence ("eventId|occurrence") the plan no longer has: when its
 * event is still there (a re-import moved it), where it went, in the clicker's time zone; else
 * that the date is gone.
 */
function gone(ctx: TurnContext, value: string | undefined, extra: Partial<OutMessage> = {}): OutMessage[] {
  const [id, occurrence] = (value ?? '').split('|');
  const repo = new PlanRepo(ctx.app.db);
  const tz = repo.timezone();
  const stored = id && occurrence ? repo.event(id) : null;
  const moved = tz && stored ? nearestOccurrence(stored.event, tz, occurrence!) : null;
  // (only to whoever may record it: the plan's dates are not told to anyone who sends a value)
  if (!moved || !mayRecord(ctx, stored!.event)) return reply(ctx, t(ctx.lang, 'unknownOccurrence'), extra);
  const when = formatWhenFor(moved.start, ctx.lang, tz!, askerTimeZone(ctx));
  return reply(ctx, t(ctx.lang, 'movedOccurrence', { title: pick(stored!.event.title, ctx.lang), when }), extra);
}

/** The owner, and anyone from IT (a colleague standing in, the head of IT), may record the outcome. */
function mayRecord(ctx: TurnContext, ev: PlanEvent): boolean {
  const p = ctx.person;
  if (!p) return false;
  return p.email.toLowerCase() === ev.owner || isItStaff(p);
}

/** The name under which a turn notes that it recorded an occurrence's outcome (`event_writes`). */
const OUTCOME_WRITE = 'plan.outcome';

/**
 * Records the outcome, noting in the same transaction that this turn's event did. A turn run again
 * for that event (its server died after the core had begun it) finds the note (`writtenBefore`) and
 * answers as its first run did ("marked done", the card replaced), not "already recorded".
 */
function record(ctx: TurnContext, ev: PlanEvent, occ: Occurrence, state: 'done' | 'skipped', reason: string | null): void {
  tx(ctx.app.db, () => {
    recordOutcome(ctx.app.db, { eventId: ev.id, occurrence: occ.occurrence, state, by: ctx.person!.email, reason, startAt: occ.start, now: ctx.app.clock.now() });
    noteWrite(ctx, OUTCOME_WRITE, state);
  });
}

/**
 * A Done or Skip from a card of an occurrence already recorded (an older reminder of it, a card
 * Slack or Teams would have replaced): said, never recorded over; the admin pages can change it.
 * Only for the clicker, as a snooze of such an occurrence is.
 */
function alreadyRecorded(ctx: TurnContext, ev: PlanEvent, occ: Occurrence, tz: string): OutMessage[] | null {
  const row = new PlanRepo(ctx.app.db).occurrence(ev.id, occ.occurrence);
  if (row?.state !== 'done' && row?.state !== 'skipped') return null;
  const vars = { title: pick(ev.title, ctx.lang), when: formatWhenFor(occ.start, ctx.lang, tz, askerTimeZone(ctx)), reason: row.reason ?? '-' };
  return reply(ctx, t(ctx.lang, row.state === 'done' ? 'alreadyDone' : 'alreadySkipped', vars), { ephemeral: true });
}

const done: ActionHandler = (ctx, action) => {
  const found = locate(ctx, action.value);
  if (!found) return gone(ctx, action.value);
  const { ev, occ, tz } = found;
  if (!mayRecord(ctx, ev)) return reply(ctx, t(ctx.lang, 'notYours', { owner: ev.owner }));
  if (writtenBefore(ctx, OUTCOME_WRITE) !== 'done') {
    const already = alreadyRecorded(ctx, ev, occ, tz);
    if (already) return already;
    record(ctx, ev, occ, 'done', null);
  }
  return reply(ctx, t(ctx.lang, 'markedDone', { title: pick(ev.title, ctx.lang), when: formatWhenFor(occ.start, ctx.lang, tz, askerTimeZone(ctx)) }), { replaceOriginal: true });
};

/**
 * Skip asks for the reason first (a form) in place of the reminder card, so the form's submit,
 * which records it, replaces that card in turn: the reminder then says it was skipped, with the
 * reason, and offers no buttons any more, as after Done.
 */
const skip: ActionHandler = (ctx, action) => {
  const found = locate(ctx, action.value);
  if (!found) return gone(ctx, action.value);
  const { ev, occ, tz } = found;
  if (!mayRecord(ctx, ev)) return reply(ctx, t(ctx.lang, 'notYours', { owner: ev.owner }));
  const already = alreadyRecorded(ctx, ev, occ, tz);
  if (already) return already;
  const ask = t(ctx.lang, 'skipAsk', { title: pick(ev.title, ctx.lang), when: formatWhenFor(occ.start, ctx.lang, tz, askerTimeZone(ctx)) });
  return [{
    text: ask,
    lang: ctx.lang,
    blocks: [
      { type: 'text', text: ask },
      {
        type: 'form',
        formId: 'plan.skip',
        // (the form takes no more than is kept: the chat platforms stop the typing at MAX_REASON)
        inputs: [{ id: 'reason', label: t(ctx.lang, 'skipReason'), kind: 'text', maxLength: MAX_REASON }],
        submit: { label: t(ctx.lang, 'skipSubmit'), action: 'plan.skip.submit', value: action.value, style: 'danger' },
      },
      // (the question takes the reminder's place: whoever clicked Skip by mistake can still say it took place)
      { type: 'actions', buttons: [{ label: t(ctx.lang, 'done'), action: 'plan.done', value: action.value, style: 'primary' }] },
    ],
    replaceOriginal: true,
  }];
};

const skipSubmit: ActionHandler = (ctx, action) => {
  const found = locate(ctx, action.value);
  if (!found) return gone(ctx, action.value);
  const { ev, occ, tz } = found;
  if (!mayRecord(ctx, ev)) return reply(ctx, t(ctx.lang, 'notYours', { owner: ev.owner }));
  const again = writtenBefore(ctx, OUTCOME_WRITE) === 'skipped';
  // (the form was opened before the occurrence was recorded, by this person or another)
  const already = again ? null : alreadyRecorded(ctx, ev, occ, tz);
  if (already) return already;
  const raw = action.values?.reason;
  const reason = (Array.isArray(raw) ? raw.join(' ') : raw ?? '').trim();
  if (!reason) return reply(ctx, t(ctx.lang, 'skipNeedsReason'));
  // (at most MAX_REASON characters, as the form takes, counted as the platforms count them; a longer one,
  // sent past the form, is refused as an over-long survey text is, never stored cut short without a word)
  if (reason.length > MAX_REASON) return reply(ctx, t(ctx.lang, 'skipReasonTooLong', { length: formatCount(reason.length, ctx.lang), max: formatCount(MAX_REASON, ctx.lang) }));
  if (!again) record(ctx, ev, occ, 'skipped', reason);
  return reply(ctx, t(ctx.lang, 'markedSkipped', { title: pick(ev.title, ctx.lang), when: formatWhenFor(occ.start, ctx.lang, tz, askerTimeZone(ctx)), reason }), { replaceOriginal: true });
};

/**
 * Snooze: the same reminder again in a day (or an hour before the start when that is sooner),
 * in the working hours of the person who snoozed it, as every reminder (brought forward when
 * waiting would pass the start; refused when no later working time is left before it).
 * Only the person a reminder card went to may snooze it: the clicked value must be the key of a
 * reminder queued for that very person, and the new key is built here from the event, the
 * occurrence, the lead and who clicked (`...:to:{clicker}:snooze:N+1`), never taken from the
 * value, so a forged value cannot take over another person's snooze. Clicking the same card
 * twice queues one reminder.
 */
const snooze: ActionHandler = async (ctx, action) => {
  const key = action.value ?? '';
  const m = /^plan:([a-z0-9-]+):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?):reminder:([^:]+):to:(.+?)(?::snooze:(\d{1,6}))?$/.exec(key);
  const found = m ? locate(ctx, `${m[1]}|${m[2]}`) : null;
  if (!m || !found) return gone(ctx, m ? `${m[1]}|${m[2]}` : undefined);
  const { ev, occ, tz } = found;
  if (!mayRecord(ctx, ev)) return reply(ctx, t(ctx.lang, 'notYours', { owner: ev.owner }));
  const clicker = ctx.person!.email.toLowerCase();
  const card = personMessage(ctx.app.db, key);
  if (!card || card.kind !== 'plan-reminder' || card.email.toLowerCase() !== clicker || m[4]!.toLowerCase() !== clicker || !ev.reminders.includes(m[3]!)) {
    return reply(ctx, t(ctx.lang, 'snoozeNotYours'), { ephemeral: true });
  }
  const state = new PlanRepo(ctx.app.db).occurrence(ev.id, occ.occurrence)?.state;
  if (state === 'done' || state === 'skipped') {
    return reply(ctx, t(ctx.lang, state === 'done' ? 'snoozeDone' : 'snoozeSkipped', { title: pick(ev.title, ctx.lang), when: formatWhenFor(occ.start, ctx.lang, tz, askerTimeZone(ctx)) }), { ephemeral: true });
  }
  const now = ctx.app.clock.now();
  const { due, beforeStart } = snoozeDue(now, occ.start);
  if (due <= now) return reply(ctx, t(ctx.lang, 'snoozeTooLate'));
  const newKey = `${reminderKey(ev.id, occ.occurrence, m[3]!, clicker)}:snooze:${Number(m[5] ?? 0) + 1}`;
  const person = ctx.person!;
  const lang = personLanguage(person, ctx.app.config.ITBOT_LANG);
  // like every reminder: in the person's working hours, brought forward into the last window
  // before it when waiting would pass the start; none left later than now: no snooze (the card
  // the person holds is the reminder they would get)
  const hours = reminderHours(ctx.app, due, person);
  const when = firstSendTime({ workingHours: hours, expiresAt: occ.start }, due, now);
  if (when.missed || when.next <= now) return reply(ctx, t(ctx.lang, 'snoozeNoHours'), { ephemeral: true });
  const last = ev.followUpSurvey ? await lastTime(ctx.app, ev.followUpSurvey, ev.id) : null;
  const { db } = ctx.app;
  const { next } = tx(db, () => {
    const queued = enqueue(
      db,
      now,
      snoozeItem({ ev, occ, tz, lang, lead: m[3]!, last, key: newKey, dueAt: due, audienceLabel: audienceText(ctx.app, ev, lang), ownerTz: person.timezone, email: person.email, hours }),
    );
    // landing on another reminder's send time (the P1D one, say), it is one card
    supersedeReminders(db, ev.id, [occ.occurrence]);
    return queued;
  });
  // (an hour before the start, as the button said, unless the working hours moved it)
  const said = beforeStart && next.getTime() === due.getTime() ? 'snoozedBeforeStart' : 'snoozed';
  return reply(ctx, t(ctx.lang, said, { when: formatWhenFor(next, ctx.lang, tz, askerTimeZone(ctx)) }), { ephemeral: true });
};

export const planActions: Record<string, ActionHandler> = {
  'plan.done': done,
  'plan.skip': skip,
  'plan.skip.submit': skipSubmit,
  'plan.snooze': snooze,
};

/** The skip reason's form may be opened while the occurrence is not recorded yet (by anyone). */
const skipGuard: FormGuard = (ctx, action) => {
  const found = locate(ctx, action.value);
  if (!found) return gone(ctx, action.value, { ephemeral: true });
  return alreadyRecorded(ctx, found.ev, found.occ, found.tz);
};

export const planFormGuards: Record<string, FormGuard> = { 'plan.skip.submit': skipGuard };
