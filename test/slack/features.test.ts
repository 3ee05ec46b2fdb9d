import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { catalogFeature } from '../../src/catalog/feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { planFeature } from '../../src/plan/feature.ts';
import { decodeActionId, FORM_ACTION, LINK_ACTION } from '../../adapters/slack/render.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { cli } from '../doubles/cli.ts';
import { addPeople, buttons, catalogHarness, fixture, openSurveyFormModal, slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/slack/${name}`, import.meta.url));
const json = (x: unknown) => JSON.stringify(x);

describe('Slack with the real features', () => {
  it('answers a DM question with the catalog card; 👍 on it reaches the catalog', async () => {
    h = await catalogHarness('en-US');
    await h.dm('How do I get VPN access from home?');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const card = h.fake.messages[0]!;
    expect(card.blocks![0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(card.blocks![0].text.text).toMatch(/VPN/);
    // the request link is a URL button, the feedback buttons are actions with unique ids
    const all = buttons(card.blocks);
    const link = all.find((b: any) => decodeActionId(b.action_id) === LINK_ACTION);
    expect(link.url).toMatch(/^https:\/\//);
    const thumbs = all.filter((b: any) => decodeActionId(b.action_id) === 'catalog.feedback');
    expect(thumbs).toHaveLength(2);
    expect(json(card.blocks)).toContain('Karl Keller'); // "your IT contact" from the directory
    await h.click(thumbs[0].action_id, thumbs[0].value, { ts: card.ts, channel: card.channel });
    await h.fake.until(() => h!.fake.messages.length === 2);
    const n = h.app.db.prepare('SELECT count(*) AS n FROM processed_events WHERE event_id LIKE ?').get('act:%') as { n: number };
    expect(n.n).toBe(1);
    expect(h.fake.messages[1]!.text).toMatch(/thank/i);
    // the catalog counts the vote for the card's entry, once
    expect(new CatalogRepo(h.app.db).feedbackCounts()).toEqual([{ doc: JSON.parse(thumbs[0].value).d, helpful: 1, unhelpful: 0 }]);
  });

  it('stores and searches the plain text of a question, not Slack\'s encoding of it', async () => {
    h = await catalogHarness('en-US', { now: new Date().toISOString() });
    // a question the catalog has no answer for: it is logged as a gap
    await h.dm('Kantine &amp; Parkplatz &lt;Gebäude B&gt; laut <https://intranet.example/kantine|Kantinenplan> für <#C0FIN|finanzen>?');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const gaps = await cli(['catalog', 'gaps', '--json', '--db', h.app.file]);
    expect(gaps.code, gaps.err).toBe(0);
    const questions = (JSON.parse(gaps.out) as { groups: Array<{ questions: string[] }> }).groups.flatMap((g) => g.questions);
    expect(questions).toEqual(['Kantine & Parkplatz <Gebäude B> laut Kantinenplan für #finanzen?']);
    // a link around the words the catalog knows: the search sees the label, and answers
    await h.dm('How do I get <https://intranet.example/remote|VPN access> from home?');
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.messages[1]!.blocks![0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(h.fake.messages[1]!.blocks![0].text.text).toMatch(/VPN/);
  });

  it('a survey invitation by DM, answered by a button click, is counted', async () => {
    // the CLI runs on the system clock: the server's clock is set to the same time
    h = await slackHarness({ now: new Date().toISOString() });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' }).addUser({ id: 'U0BEN', email: 'ben.beispiel@example.com' });
    const created = await cli(['survey', 'create', fixturePath('survey-one-click.yaml'), '--db', h.app.file]);
    expect(created.code, created.err).toBe(0);
    const sent = await cli(['survey', 'send', 'slack-pulse', '--db', h.app.file]);
    expect(sent.code, sent.err).toBe(0);
    h.app.clock.advance(1000);
    await h.server.worker.drainOnce();
    expect(h.fake.messages.map((m) => m.channel).sort()).toEqual(['D0ANNA', 'D0BEN']);
    const invite = h.fake.messages.find((m) => m.channel === 'D0ANNA')!;
    expect(invite.metadata?.event_type).toBe('itbot_outbox');
    const scale = buttons(invite.blocks);
    expect(scale.map((b: any) => b.text.text)).toEqual(['1', '2', '3', '4', '5']);
    await h.click(scale[3].action_id, scale[3].value, { ts: invite.ts, channel: invite.channel });
    // the thanks goes to Anna's DM (a new message, or the invitation replaced for anonymous surveys)
    await h.fake.until(() => h!.fake.messages.length === 3 || h!.fake.callsOf('chat.update').length === 1);
    const thanks = h.fake.messages[2] ?? h.fake.callsOf('chat.update')[0]!.args;
    expect(thanks.channel).toBe('D0ANNA');
    const results = await cli(['survey', 'results', 'slack-pulse', '--json', '--db', h.app.file]);
    expect(results.code, results.err).toBe(0);
    const r = JSON.parse(results.out);
    expect(r).toMatchObject({ surveyId: 'slack-pulse', recipients: 2, responses: 1 });
    expect(r.questions[0]).toMatchObject({ id: 'overall', count: 1, distribution: { '4': 1 } });
  });

  it('a survey with several questions opens as a modal and its submission is counted', async () => {
    let view: any;
    ({ h, view } = await openSurveyFormModal());
    const [rating, recommend, comment] = view.blocks;
    expect(recommend.element.type).toBe('static_select');
    await h.submit(view.private_metadata, {
      [rating.block_id]: { v: { type: 'radio_buttons', selected_option: rating.element.options[4] } },
      [recommend.block_id]: { v: { type: 'static_select', selected_option: recommend.element.options[9] } },
      [comment.block_id]: { v: { type: 'plain_text_input', value: null } },
    });
    await h.fake.until(() => h!.fake.messages.length === 2 || h!.fake.callsOf('chat.update').length === 1);
    const r = JSON.parse((await cli(['survey', 'results', 'slack-form', '--json', '--db', h.app.file])).out);
    expect(r).toMatchObject({ recipients: 1, responses: 1 });
  });

  it('the App Home shows the plan\'s upcoming events for that person', async () => {
    h = await slackHarness();
    await peopleFeature.demo!(h.app);
    await planFeature.demo!(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'marco.keller@alpenfirn.example', locale: 'en-US' });
    await h.event(fixture('app-home-opened'));
    await h.fake.until(() => h!.fake.views.length === 1);
    const blocks = json(h.fake.views[0]!.view.blocks);
    expect(blocks).toContain('Kommende IT-Anlässe'); // Marco's directory language is German
    expect(blocks).toContain('IT-Informationsmeeting');
  });

  it('shows times in the Slack time zone of a person the directory has none for, named; the directory\'s zone comes first', async () => {
    h = await slackHarness();
    await peopleFeature.demo!(h.app);
    await planFeature.demo!(h.app);
    // not in the directory: Slack's zone, with its name, in the answer and on the App Home
    h.fake.addUser({ id: 'U0NY', email: 'ny.nobody@example.com', locale: 'en-US', tz: 'America/New_York' });
    await h.dm('What is coming up?', { user: 'U0NY' });
    await h.fake.until(() => h!.fake.messages.length === 1);
    const ny = h.fake.messages[0]!.text;
    // the plan's 10:00 in Zurich is 04:00 in New York
    expect(ny).toContain('5 January 2027 at 04:00 (America/New_York): IT information meeting');
    const lines = ny.split('\n').filter((l) => l.startsWith('•'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain('(America/New_York)');
    const home = fixture('app-home-opened');
    home.event.user = 'U0NY';
    await h.event(home);
    await h.fake.until(() => h!.fake.views.length === 1);
    expect(json(h.fake.views[0]!.view.blocks)).toContain('(America/New_York)');
    // in the directory with Europe/Zurich (the plan's zone): the directory wins over Slack's zone
    h.fake.addUser({ id: 'U0MARCO', email: 'marco.keller@alpenfirn.example', locale: 'en-US', tz: 'America/New_York' });
    await h.dm('What is coming up?', { user: 'U0MARCO' });
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.messages[1]!.text).toMatch(/5\. Januar 2027.* 10:00: IT-Informationsmeeting/);
    expect(h.fake.messages[1]!.text).not.toContain('America/New_York');
  });

  it('a survey closed from a shell without ITBOT_IT_CHANNEL posts its result card to the IT channel the server is configured with', async () => {
    h = await slackHarness({ now: new Date().toISOString(), env: { ITBOT_IT_CHANNEL: 'C0ITSERVER' } });
    addPeople(h.app);
    // the directory names another channel: the server's setting comes first, as in the server itself
    h.app.people.upsertDepartment({ id: 'IT', nameDe: 'Informatik', nameEn: 'IT', keyAccountEmail: null, itChannelSlack: 'C0ITCSV', itChannelTeams: null });
    const shell = { SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined, ITBOT_IT_CHANNEL: undefined };
    const db = ['--db', h.app.file];
    expect((await cli(['survey', 'create', fixturePath('survey-one-click.yaml'), ...db], shell)).code).toBe(0);
    expect((await cli(['survey', 'send', 'slack-pulse', ...db], shell)).code).toBe(0);
    expect((await cli(['survey', 'close', 'slack-pulse', ...db], shell)).code).toBe(0);
    const cards = h.app.db.prepare("SELECT platform, target FROM outbox WHERE kind = 'survey-summary' ORDER BY platform").all();
    expect(cards).toEqual([{ platform: 'slack', target: 'C0ITSERVER' }, { platform: 'web', target: 'IT' }]);
    h.app.clock.set(new Date(Date.now() + 60_000));
    await h.server.worker.drainOnce();
    const posted = h.fake.messages.filter((m) => m.channel === 'C0ITSERVER');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toMatch(/IT pulse|Kurzumfrage IT/);
  });

  it('an anonymous survey answered in dialogs on a server clock days ahead, closed from a shell: the result card counts every answer, not the last step', async () => {
    h = await slackHarness({ now: new Date().toISOString(), env: { ITBOT_LANG: 'de', ITBOT_IT_CHANNEL: 'C0IT' } });
    for (let i = 1; i <= 8; i++) {
      h.app.people.upsert({ email: `p${i}@example.com`, name: `P ${i}`, department: i % 2 ? 'Finance' : 'HR', manager: false, language: 'de', timezone: 'Europe/Zurich', slackUserId: `U0P${i}`, teamsUserId: null, vip: false });
      h.fake.addUser({ id: `U0P${i}`, email: `p${i}@example.com`, locale: 'de-CH' });
    }
    const db = ['--db', h.app.file];
    expect((await cli(['survey', 'create', fixturePath('survey-anon-form.yaml'), ...db])).code).toBe(0);
    expect((await cli(['survey', 'send', 'slack-anon', ...db])).code).toBe(0);
    h.app.clock.advance(1000);
    await h.server.worker.drainOnce();
    expect(h.fake.messages).toHaveLength(8);
    // the server's clock six days ahead of the shell's; four of eight answer in the dialog
    h.app.clock.advance(6 * 86_400_000);
    for (let i = 1; i <= 4; i++) {
      const invite = h.fake.messages.find((m) => m.channel === `D0P${i}`)!;
      const open = buttons(invite.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
      await h.click(open.action_id, open.value, { user: `U0P${i}`, ts: invite.ts, channel: invite.channel });
      await h.fake.until(() => h!.fake.views.length === i);
      const [rating, comment] = h.fake.views[i - 1]!.view.blocks;
      const answered = () => h!.fake.callsOf('chat.update').length + h!.fake.callsOf('chat.postMessage').length;
      const before = answered();
      await h.submit(h.fake.views[i - 1]!.view.private_metadata, {
        [rating.block_id]: { v: { type: 'radio_buttons', selected_option: rating.element.options[3] } },
        [comment.block_id]: { v: { type: 'plain_text_input', value: null } },
      }, { user: `U0P${i}` });
      await h.fake.until(() => answered() > before);
    }
    // while open, what people read stays at the last step (none yet: fewer than 5 answers)
    expect((await import('../../src/surveys/results.ts')).surveyResults(h.app, 'slack-anon').responses).toBe(0);
    // closed from a shell on the real clock
    expect((await cli(['survey', 'close', 'slack-anon', ...db])).code).toBe(0);
    const card = h.app.db.prepare("SELECT message FROM outbox WHERE kind = 'survey-summary' AND platform = 'slack'").get() as { message: string };
    expect(JSON.parse(card.message).text).toContain('Antworten: 4 / 8');
  });

  it('the App Home offers an open survey; answered there, it is counted and leaves the Home', async () => {
    h = await slackHarness({ now: new Date().toISOString() });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    expect((await cli(['survey', 'create', fixturePath('survey-one-click.yaml'), '--db', h.app.file])).code).toBe(0);
    expect((await cli(['survey', 'send', 'slack-pulse', '--db', h.app.file])).code).toBe(0);
    await h.event(fixture('app-home-opened'));
    await h.fake.until(() => h!.fake.views.length === 1);
    const home = h.fake.views[0]!.view;
    expect(json(home.blocks)).toContain('IT pulse');
    const scale = buttons(home.blocks).filter((b: any) => decodeActionId(b.action_id) === 'survey.answer');
    expect(scale).toHaveLength(5);
    await h.click(scale[4].action_id, scale[4].value, { home: true });
    await h.fake.until(() => h!.fake.views.length === 2);
    expect(json(h.fake.views[1]!.view.blocks)).not.toContain('IT pulse');
    // the thanks went to the person's DM with the app (channel = user id)
    expect(h.fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'U0ANNA')).toBe(true);
    const r = JSON.parse((await cli(['survey', 'results', 'slack-pulse', '--json', '--db', h.app.file])).out);
    expect(r).toMatchObject({ responses: 1 });
    expect(r.questions[0].distribution).toMatchObject({ '5': 1, '1': 0 });
  });

  it('a survey with several questions answered in its dialog from the App Home leaves the Home too', async () => {
    h = await slackHarness({ now: new Date().toISOString() });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    expect((await cli(['survey', 'create', fixturePath('survey-form.yaml'), '--db', h.app.file])).code).toBe(0);
    expect((await cli(['survey', 'send', 'slack-form', '--db', h.app.file])).code).toBe(0);
    await h.event(fixture('app-home-opened'));
    await h.fake.until(() => h!.fake.views.length === 1);
    expect(json(h.fake.views[0]!.view.blocks)).toContain('Event survey');
    const open = buttons(h.fake.views[0]!.view.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(open.action_id, open.value, { home: true });
    await h.fake.until(() => h!.fake.views.length === 2);
    const modal = h.fake.views[1]!;
    expect(modal.method).toBe('views.open');
    const [rating, recommend, comment] = modal.view.blocks;
    await h.submit(modal.view.private_metadata, {
      [rating.block_id]: { v: { type: 'radio_buttons', selected_option: rating.element.options[3] } },
      [recommend.block_id]: { v: { type: 'static_select', selected_option: recommend.element.options[8] } },
      [comment.block_id]: { v: { type: 'plain_text_input', value: null } },
    });
    // the Home is published again without the survey, as after a click on it
    await h.fake.until(() => h!.fake.views.length === 3);
    expect(h.fake.views[2]).toMatchObject({ method: 'views.publish', user_id: 'U0ANNA' });
    expect(json(h.fake.views[2]!.view.blocks)).not.toContain('Event survey');
    const r = JSON.parse((await cli(['survey', 'results', 'slack-form', '--json', '--db', h.app.file])).out);
    expect(r).toMatchObject({ responses: 1 });
  });

  it('/it vpn, /it upcoming and /it contact answer from the catalog, the plan and the directory', async () => {
    h = await slackHarness({ adapter: { commandBudgetMs: 2500 } });
    await peopleFeature.demo!(h.app);
    await catalogFeature.demo!(h.app);
    await planFeature.demo!(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'marco.keller@alpenfirn.example', locale: 'en-US' });
    const answer = async (text: string) => {
      const res = await h!.command(text);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.response_type).toBe('ephemeral');
      return json(body.blocks);
    };
    expect(await answer('vpn')).toMatch(/VPN/);
    expect(await answer('upcoming')).toContain('IT-Informationsmeeting'); // Marco reads German (directory)
    expect(await answer('contact')).toContain('IT-Ansprechperson');
  });

  it('a click under an /it answer typed in a DM with a colleague is answered to the clicker alone, not posted into that DM', async () => {
    h = await catalogHarness('en-US');
    // a DM between two people: the bot is no member and cannot post there
    const res = await h.command('vpn', { channel: 'D0ANNABEN' });
    const card = await res.json();
    expect(card.response_type).toBe('ephemeral');
    const up = buttons(card.blocks).find((b: any) => decodeActionId(b.action_id) === 'catalog.feedback');
    await h.click(up.action_id, up.value, { channel: 'D0ANNABEN', ephemeral: true, ts: '1767517200.000999', responseId: 'thumbsUp' });
    await h.fake.until(() => h!.fake.responses.some((r) => r.id === 'thumbsUp'));
    const thanks = h.fake.responses.find((r) => r.id === 'thumbsUp')!.body;
    expect(thanks).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(thanks.text).toMatch(/thank/i);
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
    expect(new CatalogRepo(h.app.db).feedbackCounts()).toEqual([{ doc: JSON.parse(up.value).d, helpful: 1, unhelpful: 0 }]);
  });

  it('the answer to a click in a channel that its response_url refuses (500) comes by DM instead of being lost', async () => {
    h = await catalogHarness('en-US');
    const card = await (await h.command('vpn', { channel: 'C0GENERAL' })).json();
    const up = buttons(card.blocks).find((b: any) => decodeActionId(b.action_id) === 'catalog.feedback');
    h.fake.fail('response_url', { status: 500 });
    await h.click(up.action_id, up.value, { channel: 'C0GENERAL', ephemeral: true, ts: '1767517200.000888' });
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.callsOf('response_url').map((c) => c.status)).toEqual([500]);
    // the person's DM with the app (chat.postMessage to the user id), under the answer's key
    expect(h.fake.callsOf('chat.postMessage')[0]!.args.channel).toBe('U0ANNA');
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA', text: expect.stringMatching(/thank/i), metadata: { event_payload: { key: expect.stringMatching(/^slack:reply:act:/) } } });
  });
});
