import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { testApp, say, click, flat, withFakeSender, type TestApp } from '../doubles/app.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { reminderMessage } from '../../src/plan/messages.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { importYaml, JOUR_FIXE, machinery, rows, withPeople } from './helpers.ts';
import { cli } from '../doubles/cli.ts';
import type { Block, OutMessage } from '../../src/chat/model.ts';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderActivities } from '../../adapters/teams/render.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const MARCO = 'marco.keller@alpenfirn.example';
const LUCA = 'luca.rossi@alpenfirn.example';
const PETER = 'peter.huber@alpenfirn.example';

const PLAN = JOUR_FIXE + `  - id: jf-marketing
    title: {de: Jour fixe mit dem Marketing, en: Jour-fixe with Marketing}
    kind: jour-fixe
    rrule: "FREQ=WEEKLY;BYDAY=WE"
    start: 2027-03-03T10:00
    duration: PT1H
    audience: department:Marketing
    owner: sandra.meier@alpenfirn.example
  - id: club
    title: {de: Digital-Stammtisch, en: Digital club}
    kind: club
    rrule: "FREQ=MONTHLY;BYDAY=-1TH"
    start: 2027-03-25T17:30
    duration: PT2H
    audience: all
    owner: ${LUCA}
`;

function setup(now = '2027-03-01T08:00:00Z') {
  app = testApp({ now });
  withPeople(app);
  importYaml(app, PLAN);
}

describe('reminder card', () => {
  it('says what, when, what is due and last time\'s satisfaction', () => {
    setup();
    const ev = new PlanRepo(app.db).event('jf-finance')!.event;
    const occ = { eventId: ev.id, occurrence: '2027-03-09T09:00', start: new Date('2027-03-09T08:00:00Z'), end: new Date('2027-03-09T09:00:00Z') };
    const m = reminderMessage({ ev, occ, tz: 'Europe/Zurich', lang: 'en', lead: 'P1D', key: 'k', dueAt: new Date('2027-03-08T08:00:00Z'), last: { mean: 4.2, responses: 5 } });
    expect(m.text).toBe('Jour-fixe with Finance on Tuesday, 9 March 2027 at 09:00: agenda due; last time: 4.2/5 satisfaction');
    const withheld = reminderMessage({ ev, occ, tz: 'Europe/Zurich', lang: 'de', lead: 'P1D', key: 'k', dueAt: new Date('2027-03-08T08:00:00Z'), last: { mean: null, responses: 1 } });
    expect(withheld.text).toMatch(/Traktanden fällig; letztes Mal: noch keine Rückmeldungen$/);
  });
});

describe('Done / Skip / Snooze', () => {
  it('records done by the owner, refuses people outside IT', async () => {
    setup();
    const value = 'jf-finance|2027-03-02T09:00';
    const no = await app.bot.handle(click('plan.done', value, PETER));
    expect(flat(no)).toMatch(/Das kann nur die verantwortliche Person/);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-02T09:00')).toBeNull();
    const yes = await app.bot.handle(click('plan.done', value, MARCO));
    expect(yes[0]!.replaceOriginal).toBe(true);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-02T09:00')).toMatchObject({ state: 'done', byEmail: MARCO });
    const gone = await app.bot.handle(click('plan.done', 'jf-gone|2027-03-03T09:00', MARCO));
    expect(flat(gone)).toMatch(/gibt es im Plan nicht mehr/);
  });

  it('a card of a date a re-import moved says where the event went, in the clicker\'s language and zone, and records nothing', async () => {
    setup();
    importYaml(app, PLAN.replace('start: 2027-03-02T09:00', 'start: 2027-03-02T10:00'));
    const old = 'jf-finance|2027-03-09T09:00';
    expect((await app.bot.handle(click('plan.done', old, MARCO)))[0]!.text).toBe(
      'Dieser Termin wurde im Plan verschoben: Jour fixe mit den Finanzen findet neu am Dienstag, 9. März 2027 um 10:00 statt. Die Erinnerung galt dem alten Termin; es wurde nichts geändert.');
    app.people.upsert({ ...app.people.byEmail(LUCA)!, timezone: 'America/New_York' });
    expect((await app.bot.handle(click('plan.snooze', `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${LUCA}`, LUCA)))[0]!.text).toBe(
      'This date was moved in the plan: Jour-fixe with Finance now takes place on Tuesday, 9 March 2027 at 04:00 (America/New_York). The reminder was for the old date; nothing was changed.');
    expect(new PlanRepo(app.db).occurrences()).toEqual([]);
    expect(rows(app, "idempotency_key LIKE '%:snooze:%'")).toEqual([]);
    // someone who may not record it is not told the plan's dates
    expect(flat(await app.bot.handle(click('plan.done', old, PETER)))).toMatch(/gibt es im Plan nicht mehr/);
  });

  it('asks for a reason before recording a skip', async () => {
    setup();
    const value = 'jf-finance|2027-03-09T09:00';
    const ask = await app.bot.handle(click('plan.skip', value, LUCA));
    const form = ask[0]!.blocks!.find((b): b is Extract<Block, { type: 'form' }> => b.type === 'form')!;
    expect(form.inputs.map((i) => [i.id, i.kind])).toEqual([['reason', 'text']]);
    expect(form.submit).toMatchObject({ action: 'plan.skip.submit', value });
    const empty = await app.bot.handle({ ...click('plan.skip.submit', value, LUCA), action: { id: 'plan.skip.submit', value, values: { reason: '  ' } } });
    expect(flat(empty)).toMatch(/Please give a reason/);
    const ok = await app.bot.handle({ ...click('plan.skip.submit', value, LUCA), action: { id: 'plan.skip.submit', value, values: { reason: 'Finance closing week' } } });
    expect(flat(ok)).toMatch(/recorded as skipped \(reason: Finance closing week\)/);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00')).toMatchObject({ state: 'skipped', reason: 'Finance closing week', byEmail: LUCA });
  });

  it('refuses a skip reason over 500 characters with a message in the person\'s language and records nothing', async () => {
    setup();
    const value = 'jf-finance|2027-03-09T09:00';
    const submit = (who: string, reason: string) => app.bot.handle({ ...click('plan.skip.submit', value, who), action: { id: 'plan.skip.submit', value, values: { reason } } });
    // (sent past the form, which takes no more: a hand-made submission)
    const en = await submit(LUCA, 'x'.repeat(600));
    expect(flat(en)).toMatch(/The reason is too long: 600 characters, at most 500 are possible\. Please shorten it and send it again\. Nothing was recorded\./);
    expect(flat(en)).not.toMatch(/recorded as skipped/);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00')).toBeNull();
    const de = await submit(MARCO, 'y'.repeat(501));
    expect(flat(de)).toMatch(/Der Grund ist zu lang: 501 Zeichen, höchstens 500 sind möglich\. .*Es wurde nichts vermerkt\./);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00')).toBeNull();
    // (counted as the forms count: an emoji is two; 250 of them are exactly the 500 the form takes)
    expect(flat(await submit(LUCA, 'a' + '😀'.repeat(250)))).toMatch(/too long: 501 characters/);
    const full = '😀'.repeat(250);
    const ok = await submit(LUCA, full);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00')).toMatchObject({ state: 'skipped', reason: full });
    expect(flat(ok)).toContain(`(reason: ${full})`);
  });

  it('a Done or Skip from an older card of an occurrence already recorded says so and changes nothing', async () => {
    setup();
    const value = 'jf-finance|2027-03-09T09:00';
    const skipWith = (who: string, reason: string) => app.bot.handle({ ...click('plan.skip.submit', value, who), action: { id: 'plan.skip.submit', value, values: { reason } } });
    await app.bot.handle(click('plan.done', value, MARCO));
    const recorded = new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00');
    expect(recorded).toMatchObject({ state: 'done', byEmail: MARCO });
    // Skip on the P7D card after Done on the P1D card: no form asking why, nothing recorded
    const skip = await app.bot.handle(click('plan.skip', value, MARCO));
    expect(flat(skip)).toMatch(/bereits als erledigt vermerkt.*Admin-Seiten/);
    expect(skip[0]!.blocks!.some((b) => b.type === 'form')).toBe(false);
    expect(skip[0]).toMatchObject({ ephemeral: true });
    // a skip form opened before the Done, sent after it (by a colleague)
    expect(flat(await skipWith(LUCA, 'holiday'))).toMatch(/already recorded as done/);
    expect(flat(await app.bot.handle(click('plan.done', value, MARCO)))).toMatch(/bereits als erledigt vermerkt/);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00')).toEqual(recorded);
    // and the other way round: a skipped occurrence keeps its reason
    const other = 'jf-finance|2027-03-16T09:00';
    await app.bot.handle({ ...click('plan.skip.submit', other, MARCO), action: { id: 'plan.skip.submit', value: other, values: { reason: 'Ferienzeit' } } });
    expect(flat(await app.bot.handle(click('plan.done', other, MARCO)))).toMatch(/bereits als ausgelassen vermerkt \(Grund: Ferienzeit\)/);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-16T09:00')).toMatchObject({ state: 'skipped', reason: 'Ferienzeit' });
  });

  it('a Done or a skip run again for the same event (redelivery) after its first run recorded it is answered as that run was', async () => {
    setup();
    const value = 'jf-finance|2027-03-09T09:00';
    const doneClick = click('plan.done', value, MARCO, { eventId: 'act:done' });
    const first = await app.bot.handle(doneClick);
    const recorded = new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00');
    // (the server died after the turn had recorded it; the next one runs the click again)
    const again = await app.bot.handle({ ...doneClick, redelivery: true });
    expect(again).toEqual(first);
    expect(again[0]!.replaceOriginal).toBe(true);
    expect(new PlanRepo(app.db).occurrence('jf-finance', '2027-03-09T09:00')).toEqual(recorded);
    // another click on an older card still says it is recorded
    expect(flat(await app.bot.handle(click('plan.done', value, MARCO, { eventId: 'act:done-2' })))).toMatch(/bereits als erledigt vermerkt/);
    const other = 'jf-finance|2027-03-16T09:00';
    const skip = { ...click('plan.skip.submit', other, MARCO, { eventId: 'view:skip' }), action: { id: 'plan.skip.submit', value: other, values: { reason: 'Ferienzeit' } } };
    const skipped = await app.bot.handle(skip);
    expect(await app.bot.handle({ ...skip, redelivery: true })).toEqual(skipped);
    expect(flat(skipped)).toMatch(/Ferienzeit/);
    expect(flat(skipped)).not.toMatch(/bereits/);
  });

  it('snoozes a reminder by a day, once per card', async () => {
    setup('2027-03-01T08:00:00Z');
    const { step } = machinery(app);
    await step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`;
    app.clock.set('2027-03-02T08:00:00Z');
    const r1 = await app.bot.handle(click('plan.snooze', key, MARCO));
    expect(flat(r1)).toMatch(/nochmals/);
    await app.bot.handle(click('plan.snooze', key, MARCO));
    const snoozed = rows(app, "idempotency_key LIKE '%:snooze:%'");
    expect(snoozed.map((s) => [s.idempotency_key, s.due_at, s.expires_at])).toEqual([[`${key}:snooze:1`, '2027-03-03T08:00:00.000Z', '2027-03-09T08:00:00.000Z']]);
    // the snoozed card continues the chain
    const card = JSON.parse(snoozed[0]!.message);
    const snoozeButton = card.blocks.find((b: Block) => b.type === 'actions').buttons.find((b: { action: string }) => b.action === 'plan.snooze');
    expect(snoozeButton.value).toBe(`${key}:snooze:1`);
    app.clock.set('2027-03-08T20:00:00Z');
    const late = await app.bot.handle(click('plan.snooze', `${key}:snooze:1`, MARCO));
    expect(rows(app, 'idempotency_key = ?', `${key}:snooze:2`)[0]!.due_at).toBe('2027-03-09T07:00:00.000Z'); // an hour before the start
    expect(flat(late)).toMatch(/nochmals/);
  });
});

describe('Snooze says what it will do', () => {
  const label = (message: string) =>
    JSON.parse(message).blocks.find((b: Block) => b.type === 'actions').buttons.find((b: { action: string }) => b.action === 'plan.snooze').label as string;

  it('on a card that goes less than a day before the event, the button says an hour before, on every platform, and so does the answer', async () => {
    setup('2027-03-01T08:00:00Z');
    await machinery(app).step();
    const week = `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`;
    const day = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`;
    const dayRow = () => rows(app, 'idempotency_key = ?', day)[0]!;
    expect(label(rows(app, 'idempotency_key = ?', week)[0]!.message)).toBe('Morgen erinnern');
    expect(label(dayRow().message)).toBe('1 Std. vorher erinnern');
    const card = JSON.parse(dayRow().message) as OutMessage;
    expect(JSON.stringify(renderMessage(card, { lang: 'de' }))).toContain('1 Std. vorher erinnern');
    expect(JSON.stringify(renderActivities(card))).toContain('1 Std. vorher erinnern');
    expect(label(JSON.stringify(reminderMessage({ ...cardContext(), lang: 'en', dueAt: new Date('2027-03-08T08:00:00Z') })))).toBe('Remind me 1 h before');
    expect(label(JSON.stringify(reminderMessage({ ...cardContext(), lang: 'en', dueAt: new Date('2027-03-02T08:00:00Z') })))).toBe('Snooze 1 day');
    // clicked when the card came: an hour before the start, as the button said
    app.clock.set('2027-03-08T08:00:00Z');
    const answer = await app.bot.handle(click('plan.snooze', day, MARCO));
    expect(rows(app, 'idempotency_key = ?', `${day}:snooze:1`)[0]!.due_at).toBe('2027-03-09T07:00:00.000Z');
    expect(flat(answer)).toMatch(/um 08:00 nochmals, eine Stunde vor Beginn/);
  });

  const cardContext = () => {
    const ev = new PlanRepo(app.db).event('jf-finance')!.event;
    const occ = { eventId: ev.id, occurrence: '2027-03-09T09:00', start: new Date('2027-03-09T08:00:00Z'), end: new Date('2027-03-09T09:00:00Z') };
    return { ev, occ, tz: 'Europe/Zurich', lead: 'P1D', key: 'k' };
  };
});

describe('Snooze is for the person the reminder went to', () => {
  it('refuses a value naming someone else, a lead the event does not have or a card never sent, and changes nothing', async () => {
    setup('2027-03-01T08:00:00Z');
    await machinery(app).step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`;
    app.clock.set('2027-03-02T08:00:00Z');
    const before = rows(app).map((r) => [r.idempotency_key, r.state]);
    for (const forged of [key, `${key}:snooze:1`, `${key}:snooze:7`, `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${LUCA}`, `plan:jf-finance:2027-03-09T09:00:reminder:P2D:to:${LUCA}`]) {
      const r = await app.bot.handle(click('plan.snooze', forged, LUCA));
      expect(flat(r)).toMatch(/only the person it was sent to can snooze it/);
    }
    expect(rows(app).map((r) => [r.idempotency_key, r.state])).toEqual(before);
    // the owner's own snooze still goes to him, under his key
    const own = await app.bot.handle(click('plan.snooze', key, MARCO));
    expect(flat(own)).toMatch(/nochmals/);
    expect(rows(app, "idempotency_key LIKE '%:snooze:%'").map((r) => [r.idempotency_key, r.target])).toEqual([[`${key}:snooze:1`, MARCO]]);
    // a forged later step of his own chain is refused too: the chain continues only from a card he got
    const skipAhead = await app.bot.handle(click('plan.snooze', `${key}:snooze:5`, MARCO));
    expect(flat(skipAhead)).toMatch(/nur wer sie erhalten hat/);
    expect(rows(app, "idempotency_key LIKE '%:snooze:%'")).toHaveLength(1);
  });
});

describe('Snooze and working hours', () => {
  it('holds a snoozed reminder for the working hours of who snoozed it, never past the start', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
    withPeople(app);
    importYaml(app, PLAN);
    const { step, worker } = machinery(app);
    await step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`;
    app.clock.set('2027-03-05T16:05:00Z'); // Friday 17:05 in Zurich: a day later is Saturday
    const r = await app.bot.handle(click('plan.snooze', key, MARCO));
    expect(flat(r)).toMatch(/Montag, 8\. März 2027 um 08:00/);
    const [row] = rows(app, 'idempotency_key = ?', `${key}:snooze:1`);
    expect([row!.due_at, row!.next_attempt_at, row!.working_tz]).toEqual(['2027-03-06T16:05:00.000Z', '2027-03-08T07:00:00.000Z', 'Europe/Zurich']);
    app.clock.set('2027-03-06T16:05:01Z');
    await worker.drainOnce();
    expect(rows(app, 'idempotency_key = ?', `${key}:snooze:1`)[0]!.state).toBe('queued');
    app.clock.set('2027-03-08T07:00:01Z');
    await worker.drainOnce();
    expect(rows(app, 'idempotency_key = ?', `${key}:snooze:1`)[0]!.state).toBe('sent');
    // Monday 17:30: the next working hours (Tuesday 08:00) are an hour before the 09:00 start: it waits for them
    app.clock.set('2027-03-08T16:30:00Z');
    await app.bot.handle(click('plan.snooze', `${key}:snooze:1`, MARCO));
    expect(rows(app, 'idempotency_key = ?', `${key}:snooze:2`).map((x) => [x.due_at, x.next_attempt_at])).toEqual([['2027-03-09T07:00:00.000Z', '2027-03-09T07:00:00.000Z']]);
  });

  it('a snooze that goes at the same moment as another reminder of the occurrence is one card', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const sender = withFakeSender(app);
    const { step } = machinery(app);
    await step();
    const p7d = `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`;
    const p1d = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`;
    // Sunday 09:00 in Zurich: the snooze comes Monday 09:00, when the P1D reminder goes too
    app.clock.set('2027-03-07T08:00:00Z');
    await app.bot.handle(click('plan.snooze', p7d, MARCO));
    const state = () => rows(app, "idempotency_key IN (?, ?)", p1d, `${p7d}:snooze:1`).map((r) => [r.idempotency_key, r.state, r.last_error]);
    expect(state()).toEqual([
      [p1d, 'queued', null],
      [`${p7d}:snooze:1`, 'cancelled', 'superseded: the P1D reminder goes at the same time'],
    ]);
    for (const at of ['2027-03-07T20:00:00Z', '2027-03-08T08:00:01Z', '2027-03-08T12:00:00Z']) {
      app.clock.set(at);
      await step();
    }
    expect(sender.sent.map((x) => x.item.idempotencyKey).filter((k) => k.startsWith('plan:jf-finance:2027-03-09T09:00:'))).toEqual([p7d, p1d]);
    expect(state()[1]![1]).toBe('cancelled');
  });

  it('is brought forward into working hours when waiting for them would pass the start, and refused when none are left', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: early, title: {de: Früh, en: Early}, kind: other, start: 2027-03-08T07:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P3D]}
`);
    await machinery(app).step();
    const key = `plan:early:2027-03-08T07:00:reminder:P3D:to:${MARCO}`;
    // Thursday 20:00 in Zurich: a day later is Friday evening, then nothing before Monday 08:00,
    // after the 07:00 start: Friday 08:00, the start of the last working day before it
    app.clock.set('2027-03-04T19:00:00Z');
    const r = await app.bot.handle(click('plan.snooze', key, MARCO));
    expect(flat(r)).toMatch(/Freitag, 5\. März 2027 um 08:00/);
    const [row] = rows(app, 'idempotency_key = ?', `${key}:snooze:1`);
    expect([row!.due_at, row!.next_attempt_at, row!.working_tz]).toEqual(['2027-03-05T19:00:00.000Z', '2027-03-05T07:00:00.000Z', 'Europe/Zurich']);
    // Friday 17:05: the last working day's window has begun: no later reminder inside working hours
    app.clock.set('2027-03-05T16:05:00Z');
    const late = await app.bot.handle(click('plan.snooze', `${key}:snooze:1`, MARCO));
    expect(late[0]!.text).toBe('Eine spätere Erinnerung käme erst ausserhalb der Arbeitszeit oder nach Beginn des Anlasses; ich erinnere Sie deshalb nicht nochmals.');
    expect(rows(app, 'idempotency_key = ?', `${key}:snooze:2`)).toEqual([]);
  });
});

describe('Reminders held by working hours until the very start', () => {
  it('a reminder whose next working hours begin exactly at the start is brought forward into the last window before it, not held until the start (when it would expire)', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: monday, title: {de: Montag früh, en: Monday early}, kind: other, start: 2027-03-08T08:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P1D]}
`);
    const { step } = machinery(app);
    await step();
    const key = `plan:monday:2027-03-08T08:00:reminder:P1D:to:${MARCO}`;
    // due Sunday 08:00; the next working hours (Monday 08:00) are the start itself: Friday 08:00 instead
    const [row] = rows(app, 'idempotency_key = ?', key);
    expect([row!.due_at, row!.next_attempt_at, row!.working_tz]).toEqual(['2027-03-07T07:00:00.000Z', '2027-03-05T07:00:00.000Z', 'Europe/Zurich']);
    app.clock.set('2027-03-05T07:00:01Z');
    await step();
    expect(rows(app, 'idempotency_key = ?', key)[0]!.state).toBe('sent');
  });
});

describe('"when is the next …?" about one event', () => {
  it('gives the next date of the event the question names, in the asker\'s language, past a skipped one', async () => {
    setup();
    expect(flat(await app.bot.handle(say('Wann ist der nächste Jour fixe mit den Finanzen?', PETER)))).toMatch(/^Nächster Termin\n• Dienstag, 2\. März 2027 um 09:00: Jour fixe mit den Finanzen$/m);
    expect(flat(await app.bot.handle(say('When is the next digital club?', LUCA)))).toMatch(/• Thursday, 25 March 2027 at 17:30: Digital club/);
    new PlanRepo(app.db).setState('jf-finance', '2027-03-02T09:00', 'skipped', MARCO, 'Ferien', new Date('2027-03-02T08:00:00Z'), app.clock.now());
    expect(flat(await app.bot.handle(say('wann findet der jour fixe finanzen statt', PETER)))).toMatch(/• Dienstag, 9\. März 2027 um 09:00: Jour fixe mit den Finanzen/);
    // an event whose audience the asker is not in: its date, with whom it is for (not the catalog's "nothing found")
    expect(flat(await app.bot.handle(say('When is the next jour fixe with marketing?', PETER)))).toMatch(/^• Mittwoch, 3\. März 2027 um 10:00: Jour fixe mit dem Marketing \(für Marketing\)$/m);
    // one of theirs named alike comes first and alone
    expect(flat(await app.bot.handle(say('Wann ist der nächste Jour fixe?', PETER)))).toMatch(/^Nächster Termin\n• Dienstag, 9\. März 2027 um 09:00: Jour fixe mit den Finanzen$/m);
  });

  it('answers IT staff about any event of the plan, since they may stand in for its owner', async () => {
    setup();
    // Luca (IT) is neither in Finance nor the owner, and may press Done on it
    expect(flat(await app.bot.handle(say('When is the next jour fixe with Finance?', LUCA)))).toMatch(/^Next date\n• Tuesday, 2 March 2027 at 09:00: Jour-fixe with Finance$/m);
    // several named alike: each listed
    expect(flat(await app.bot.handle(say('When is the next jour fixe?', LUCA)))).toMatch(/^Next dates\n• Tuesday, 2 March 2027 at 09:00: Jour-fixe with Finance\n• Wednesday, 3 March 2027 at 10:00: Jour-fixe with Marketing$/m);
  });

  it('answers `itbot ask` the same way, and says when no further date is planned', async () => {
    setup();
    importYaml(app, PLAN + `  - {id: fair, title: {de: Interne IT-Messe, en: Internal IT fair}, kind: it-fair, start: 2027-02-10T10:00, duration: PT6H, audience: all, owner: ${LUCA}}\n`);
    const out = await cli(['ask', '--json', '--lang', 'de', 'Wann ist der nächste Digital-Stammtisch?', '--db', app.file]);
    expect(JSON.parse(out.out)).toMatchObject({ answered: true, text: 'Nächster Termin\n• Donnerstag, 25. März 2027 um 17:30: Digital-Stammtisch' });
    expect(flat(await app.bot.handle(say('when is the IT fair?', LUCA)))).toMatch(/^• Internal IT fair: no further date planned$/m);
  });
});

describe('"what\'s coming up?"', () => {
  it('shows everyone what concerns them, and IT staff their own events too', async () => {
    setup();
    const peter = flat(await app.bot.handle(say("What's coming up?", PETER)));
    expect(peter).toMatch(/Jour fixe mit den Finanzen/);
    expect(peter).toMatch(/Digital-Stammtisch/);
    expect(peter).not.toMatch(/Marketing/);
    const luca = flat(await app.bot.handle(say('was steht an?', LUCA)));
    expect(luca).toMatch(/Digital club.*\(you are the owner\)/);
    expect(luca).not.toMatch(/Jour-fixe with Finance/);
    const marco = flat(await app.bot.handle(say('upcoming', MARCO)));
    expect(marco).toMatch(/Jour fixe mit den Finanzen.*\(Sie sind verantwortlich\)/);
  });

  it('gives times in the asker\'s own time zone, named when it is not the plan\'s; understands Swiss "was stoht aa?"', async () => {
    setup();
    const peter = app.people.byEmail(PETER)!;
    const NY = 'ny.colleague@alpenfirn.example';
    app.people.upsert({ email: NY, name: 'NY Colleague', department: peter.department, manager: false, language: 'en', timezone: 'America/New_York', slackUserId: null, teamsUserId: null, vip: false });
    const ny = flat(await app.bot.handle(say("What's coming up?", NY)));
    expect(ny).toMatch(/\(America\/New_York\): Jour/);
    expect(flat(await app.bot.handle(say("What's coming up?", PETER)))).not.toMatch(/Europe\/Zurich|America/);
    expect(flat(await app.bot.handle(say('was stoht aa?', PETER)))).toMatch(/Jour fixe mit den Finanzen/);
  });

  it('leaves out a skipped occurrence, as the calendar feed does', async () => {
    setup();
    const before = flat(await app.bot.handle(say("What's coming up?", PETER)));
    expect(before).toMatch(/Dienstag, 9\. März 2027 um 09:00: Jour fixe mit den Finanzen/);
    new PlanRepo(app.db).setState('jf-finance', '2027-03-09T09:00', 'skipped', MARCO, 'holiday', new Date('2027-03-09T08:00:00Z'), app.clock.now());
    const after = flat(await app.bot.handle(say("What's coming up?", PETER)));
    expect(after).not.toMatch(/9\. März 2027/);
    expect(after).toMatch(/Dienstag, 16\. März 2027 um 09:00: Jour fixe mit den Finanzen/);
  });
});

describe.skipIf(!existsSync(new URL('../../src/surveys/runs.ts', import.meta.url)))('follow-up survey', () => {
  it('opens the event\'s survey for its audience once after each occurrence, never for a skipped one', async () => {
    setup('2027-03-01T08:00:00Z');
    importYaml(app, PLAN.replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    followUpSurvey: event-feedback'));
    await surveysFeature.demo!(app);
    const { scheduler } = machinery(app);
    await scheduler.tick();
    new PlanRepo(app.db).setState('jf-finance', '2027-03-09T09:00', 'skipped', MARCO, 'holiday', new Date('2027-03-09T08:00:00Z'), app.clock.now());
    app.clock.set('2027-03-02T09:05:00Z'); // the 2 March meeting ended at 09:00Z (10:00 local)
    await scheduler.afterOccurrences('Europe/Zurich', app.clock.now());
    await scheduler.afterOccurrences('Europe/Zurich', app.clock.now());
    const invites = rows(app, "kind = 'survey-invite'");
    expect(invites.length).toBeGreaterThan(0);
    expect(invites.every((i) => i.idempotency_key.startsWith('survey:event-feedback:plan:jf-finance:2027-03-02T09:00:invite:'))).toBe(true);
    expect(invites.map((i) => i.target).sort()).toEqual(['julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example', PETER]);
    app.clock.set('2027-03-09T09:05:00Z');
    await scheduler.afterOccurrences('Europe/Zurich', app.clock.now());
    expect(rows(app, "kind = 'survey-invite' AND idempotency_key LIKE '%2027-03-09%'")).toHaveLength(0);
  });
});

describe('Skip and Done withdraw what the occurrence no longer needs', () => {
  const WITH_ANNOUNCE = JOUR_FIXE.replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    announce: P2D');
  const states = (occ: string) =>
    Object.fromEntries(rows(app, 'idempotency_key LIKE ?', `plan:jf-finance:${occ}:%`).map((r) => [r.idempotency_key.split(`${occ}:`)[1], [r.state, r.last_error]]));

  it('a skip cancels the reminders and the announcement; done the reminders; a re-import or a later step queues none again', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z' });
    withPeople(app);
    importYaml(app, WITH_ANNOUNCE);
    const { step } = machinery(app);
    await step();
    expect(Object.values(states('2027-03-09T09:00')).map((s) => s[0])).toEqual(['queued', 'queued', 'queued']); // P7D, P2D, P1D
    const skip = 'jf-finance|2027-03-09T09:00';
    await app.bot.handle({ ...click('plan.skip.submit', skip, LUCA), action: { id: 'plan.skip.submit', value: skip, values: { reason: 'holiday' } } });
    expect(states('2027-03-09T09:00')).toEqual({
      [`reminder:P7D:to:${MARCO}`]: ['cancelled', 'the occurrence was skipped'],
      [`reminder:P1D:to:${MARCO}`]: ['cancelled', 'the occurrence was skipped'],
      'announce:web:Finance': ['cancelled', 'the occurrence was skipped'],
    });
    // done (the preparation is done a week ahead): no more reminders, the audience is still told
    await app.bot.handle(click('plan.done', 'jf-finance|2027-03-16T09:00', MARCO));
    app.clock.set('2027-03-09T08:00:00Z');
    await step();
    expect(states('2027-03-16T09:00')).toEqual({
      [`reminder:P7D:to:${MARCO}`]: ['cancelled', 'the occurrence was reported done'],
      [`reminder:P1D:to:${MARCO}`]: ['cancelled', 'the occurrence was reported done'],
      'announce:web:Finance': ['queued', null],
    });
    // a snooze on the old card of the skipped occurrence queues nothing
    const snooze = await app.bot.handle(click('plan.snooze', `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`, MARCO));
    expect(flat(snooze)).toMatch(/ausgelassen/);
    expect(rows(app, "idempotency_key LIKE '%:snooze:%'")).toHaveLength(0);
    // skipped before the scheduler got to it: never queued
    const later = 'jf-finance|2027-06-01T09:00';
    await app.bot.handle({ ...click('plan.skip.submit', later, MARCO), action: { id: 'plan.skip.submit', value: later, values: { reason: 'summer' } } });
    // a changed definition reschedules from scratch: the cancelled messages stay cancelled
    app.clock.set('2027-03-10T08:00:00Z');
    importYaml(app, WITH_ANNOUNCE.replace('PT1H', 'PT90M'));
    await step();
    const only = (occ: string) => Object.fromEntries(Object.entries(states(occ)).map(([k, v]) => [k.replace(/:to:.*/, ''), v[0]]));
    expect(only('2027-03-09T09:00')).toEqual({ 'reminder:P7D': 'cancelled', 'reminder:P1D': 'cancelled', 'announce:web:Finance': 'cancelled' });
    expect(only('2027-03-16T09:00')).toEqual({ 'reminder:P7D': 'cancelled', 'reminder:P1D': 'cancelled', 'announce:web:Finance': 'queued' });
    app.clock.set('2027-05-20T08:00:00Z');
    await step();
    expect(states('2027-06-01T09:00')).toEqual({});
    expect(Object.keys(states('2027-06-08T09:00'))).toHaveLength(3);
  });
});

describe('times in the reader\'s zone', () => {
  it('Done and Skip answer in the clicking person\'s own time, with the zone named; announcements in the organisation\'s', async () => {
    // a plan kept in New York time, for an organisation in Zurich
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { ITBOT_TIMEZONE: 'Europe/Zurich' } });
    withPeople(app);
    importYaml(app, JOUR_FIXE.replace('timezone: Europe/Zurich', 'timezone: America/New_York').replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    announce: P2D'));
    // Luca (IT, Zurich) records the 9:00 New York meeting: 14:00 in Zurich (New York is on summer time from 14 March,
    // a fortnight before Zurich), 15:00 before that
    const done = flat(await app.bot.handle(click('plan.done', 'jf-finance|2027-03-16T09:00', LUCA)));
    expect(done).toMatch(/14:00 \(Europe\/Zurich\)/);
    const skip = flat(await app.bot.handle(click('plan.skip', 'jf-finance|2027-03-23T09:00', LUCA)));
    expect(skip).toMatch(/14:00 \(Europe\/Zurich\)/);
    const { step } = machinery(app);
    await step();
    const announce = rows(app, "idempotency_key LIKE 'plan:jf-finance:2027-03-09T09:00:announce:%'")[0]!;
    expect(JSON.parse(announce.message).text).toMatch(/15:00 \(Europe\/Zurich\)/);
  });
});
