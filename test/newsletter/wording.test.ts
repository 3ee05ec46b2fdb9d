import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import { renderEscaped, renderText } from '../../src/newsletter/render.ts';
import type { NewsletterContent } from '../../src/newsletter/model.ts';
import { newsletterTick, previewMessage } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { OWNER, withPeople, write } from './fixtures.ts';

/** An issue with one survey answer and a busy helpdesk month. */
function content(o: { responses: number; recipients: number; opened: number; closed: number; rated: number; median: number }): NewsletterContent {
  return {
    name: { de: 'IT-Newsletter', en: 'IT newsletter' },
    issueDate: '2027-02-03',
    periodFrom: '2027-01-03T07:00:00.000Z',
    periodTo: '2027-01-27T09:00:00.000Z',
    services: [],
    projects: [],
    strategy: [],
    surveys: [{ key: 'survey:x:1', surveyId: 'x', title: { de: 'Kurztreffen', en: 'Quick meeting' }, recipients: o.recipients, responses: o.responses, withheld: 'too few responses', figures: [], actions: [] }],
    events: [],
    helpdesk: { from: '2027-01-03', to: '2027-01-27', opened: o.opened, closed: o.closed, medianResolutionHours: o.median, satisfaction: 4.5, rated: o.rated },
    timeZone: 'Europe/Zurich',
    planTimeZone: 'Europe/Zurich',
  };
}

describe('survey results in the newsletter', () => {
  it('a closed run whose later answers are left out says so beside its count, in every version and language', () => {
    const c = content({ responses: 4, recipients: 8, opened: 0, closed: 0, rated: 0, median: 0 });
    c.surveys = [{ ...c.surveys[0]!, withheld: null, heldBack: 1, figures: [{ question: { de: 'Zufrieden?', en: 'Satisfied?' }, type: 'csat', value: 4 }] }];
    expect(renderText(c, 'de', 'figures-first', null)).toContain('4 von 8 haben geantwortet. 1 spätere Antwort ist zum Schutz der Anonymität nicht mitgezählt.');
    expect(renderText(c, 'en', 'figures-first', null)).toContain('4 of 8 responded. 1 later answer is left out to protect anonymity.');
    expect(renderText(c, 'de', 'workplace-first', null)).toContain('• Kurztreffen: 4 Antworten. 1 spätere Antwort ist zum Schutz der Anonymität nicht mitgezählt.');
    expect(renderText(c, 'en', 'workplace-first', null)).toContain('• Quick meeting: 4 responses. 1 later answer is left out to protect anonymity.');
    // (none left out: no note)
    c.surveys = [{ ...c.surveys[0]!, heldBack: undefined }];
    expect(renderText(c, 'en', 'workplace-first', null)).not.toContain('left out');
  });
});

describe('counts in the newsletter', () => {
  it('one is singular: 1 Antwort, 1 response, 1 Ticket, 1 rating, 1 hour', () => {
    const c = content({ responses: 1, recipients: 2, opened: 1, closed: 1, rated: 1, median: 1 });
    const de = renderText(c, 'de', 'workplace-first', null);
    expect(de).toContain('• Kurztreffen: 1 Antwort. Zu wenige Antworten');
    expect(de).toContain('1 Anfrage erledigt, in der Hälfte der Fälle innert 1 Stunde.');
    expect(de).toContain('4.5 von 5 (1 Bewertung)');
    const en = renderText(c, 'en', 'workplace-first', null);
    expect(en).toContain('• Quick meeting: 1 response. Too few responses');
    expect(en).toContain('1 request resolved, half of them within 1 hour.');
    expect(en).toContain('4.5 out of 5 (1 rating)');
    expect(renderText(c, 'de', 'figures-first', null)).toContain('• Helpdesk: 1 Ticket eröffnet, 1 erledigt');
    expect(renderText(c, 'en', 'figures-first', null)).toContain('• Helpdesk: 1 ticket opened, 1 resolved');
  });

  it('more are plural, with the thousands separator of the language (1\'500, 1,500)', () => {
    const c = content({ responses: 1234, recipients: 12000, opened: 1600, closed: 1500, rated: 1100, median: 3 });
    const de = renderText(c, 'de', 'workplace-first', null);
    expect(de).toContain("• Kurztreffen: 1'234 Antworten.");
    expect(de).toContain("1'500 Anfragen erledigt, in der Hälfte der Fälle innert 3 Stunden.");
    expect(de).toContain("(1'100 Bewertungen)");
    expect(renderText(c, 'de', 'figures-first', null)).toContain("• Helpdesk: 1'600 Tickets eröffnet, 1'500 erledigt");
    expect(renderText(c, 'de', 'figures-first', null)).toContain("1'234 von 12'000 haben geantwortet");
    const en = renderText(c, 'en', 'figures-first', null);
    expect(en).toContain('• Helpdesk: 1,600 tickets opened, 1,500 resolved');
    expect(en).toContain('1,234 of 12,000 responded');
    expect(renderText(c, 'en', 'workplace-first', null)).toContain('1,500 requests resolved');
    // the admin page's (HTML-safe) rendering too
    expect(renderEscaped(c, 'de', 'figures-first', null)).toContain('1&#x27;600 Tickets');
  });
});

describe('the preview and the decisions in chat', () => {
  let app: TestApp;
  afterEach(() => app?.cleanup());

  const buttons = (m: OutMessage) => (m.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.label) : []));

  function withPlan(rrule: string) {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Brief, en: IT letter}, kind: newsletter, rrule: "${rrule}", start: 2027-02-03T08:00, duration: PT15M, audience: all, owner: ${OWNER}}
`));
    newsletterTick(app);
    return new NewsletterRepo(app.db).list()[0]!;
  }

  it('after approval the reply is headed as the issue, not as a draft', async () => {
    const issue = withPlan('FREQ=MONTHLY;BYDAY=1WE');
    const [de] = await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    expect(de!.text).toMatch(/^Freigegeben\. Die Ausgabe geht am 3\. Februar 2027/);
    expect(de!.text).toContain('Ausgabe: IT-Brief (erscheint am 3. Februar 2027)');
    expect(de!.text).not.toContain('Entwurf');
    // the card no longer says the next issue is drafted, nor the skipped one
    const intro = (m: { blocks?: Array<{ type: string; text?: string }> }) => m.blocks!.filter((b) => b.type === 'text').map((b) => b.text).join('\n');
    expect(intro(de!)).toContain('Freigegeben von anna.schmid@alpenfirn.example. So sieht sie für alle aus');
    expect(intro(de!)).not.toContain('Die nächste Ausgabe ist entworfen');
    const en = previewMessage(app, new NewsletterRepo(app.db).byId(issue.id)!, 'en');
    expect(en.text).toMatch(/^Issue: IT letter \(goes out on 3 February 2027\)\n/);
    app.clock.set('2027-02-04T09:00:00Z');
    expect(previewMessage(app, new NewsletterRepo(app.db).byId(issue.id)!, 'de').text).toMatch(/^Ausgabe: IT-Brief \(erschienen am 3\. Februar 2027\)\n/);
  });

  it('the draft and its escalation name the issue\'s date once', () => {
    const issue = withPlan('FREQ=MONTHLY;BYDAY=1WE');
    expect(previewMessage(app, issue, 'de').text.split('\n')[0]).toBe('Entwurf: IT-Brief (erscheint am 3. Februar 2027)');
    expect(previewMessage(app, issue, 'en').text.split('\n')[0]).toBe('Draft: IT letter (goes out on 3 February 2027)');
    app.clock.set('2027-02-01T08:00:00Z'); // two days before: escalated
    expect(newsletterTick(app).escalated).toBe(1);
    const texts = (app.db.prepare("SELECT message FROM outbox WHERE kind = 'newsletter-escalation'").all() as Array<{ message: string }>).map((r) => JSON.parse(r.message).text as string);
    expect(texts.join('\n')).toContain('Die Ausgabe «IT-Brief» soll am 3. Februar 2027 erscheinen');
  });

  it('a skipped issue is headed as skipped', async () => {
    const issue = withPlan('FREQ=MONTHLY;BYDAY=1WE');
    await app.bot.handle(click('newsletter.skip', String(issue.id), OWNER));
    const m = previewMessage(app, new NewsletterRepo(app.db).byId(issue.id)!, 'en');
    expect(m.text).toMatch(/^Skipped: IT letter \(3 February 2027\)\n/);
    expect(m.text).not.toMatch(/Draft|Skipped this month/);
    expect(m.text.split('\n')[1]).toBe(`Skipped (${OWNER})`);
    expect(m.blocks!.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text)).not.toContainEqual(expect.stringMatching(/next issue is drafted|how everyone will see it/));
  });

  for (const [rrule, de, en, reply] of [
    ['FREQ=MONTHLY;BYDAY=1WE', 'Diesen Monat auslassen', 'Skip this month', /zwei Monate/],
    ['FREQ=WEEKLY;BYDAY=WE', 'Diese Woche auslassen', 'Skip this week', /zwei Wochen/],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', 'Diese Ausgabe auslassen', 'Skip this issue', /auch ihre Zeit/],
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE', 'Diese Ausgabe auslassen', 'Skip this issue', /auch ihre Zeit/],
  ] as const) {
    it(`the skip button and its reply fit the rhythm ${rrule}`, async () => {
      const issue = withPlan(rrule);
      expect(buttons(previewMessage(app, issue, 'de'))).toContain(de);
      expect(buttons(previewMessage(app, issue, 'en'))).toContain(en);
      const r = await app.bot.handle(click('newsletter.skip', String(issue.id), OWNER));
      expect(r[0]!.text).toMatch(reply);
    });
  }
});

describe('who may approve, as the refusal says it', () => {
  let app: TestApp;
  afterEach(() => app?.cleanup());
  it('names the owner, the head of IT and the bot\'s administrators (ITBOT_ADMINS may decide too)', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z', env: { ITBOT_ADMINS: 'sandra.meier@alpenfirn.example' } });
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: all, owner: ${OWNER}}
`));
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    const refusal = async (as: string) => (await app.bot.handle(click('newsletter.approve', String(issue!.id), as)))[0]!.text;
    expect(await refusal('reto.fischer@alpenfirn.example')).toBe(`Freigeben oder auslassen kann diese Ausgabe nur ${OWNER}, die IT-Leitung oder wer den Bot administriert.`);
    expect(await refusal('emma.wilson@alpenfirn.example')).toBe(`Only ${OWNER}, the head of IT or an administrator of the bot can approve or skip this issue.`);
    // and what it says holds: an administrator of the bot may
    expect((await app.bot.handle(click('newsletter.approve', String(issue!.id), 'sandra.meier@alpenfirn.example')))[0]!.text).toMatch(/^(Freigegeben|Approved)/);
  });
});

describe('who may open an issue that has not gone out, as the refusal says it', () => {
  let app: TestApp;
  afterEach(() => app?.cleanup());
  it('a draft\'s other version or language, clicked by someone outside IT: drafts are for IT and the owner', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: all, owner: ${OWNER}}
`));
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    const open = async (as: string) => (await app.bot.handle(click('newsletter.preview', `${issue!.id}:figures-first:en`, as)))[0]!.text;
    expect(await open('reto.fischer@alpenfirn.example')).toBe(`Diese Ausgabe ist ein Entwurf. Entwürfe sind nur für die IT und die verantwortliche Person des Newsletters (${OWNER}) sichtbar.`);
    expect(await open('emma.wilson@alpenfirn.example')).toBe(`This issue is a draft. Drafts are visible only to IT and the owner of the newsletter (${OWNER}).`);
    // approved for its date: until then the same people only
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));
    expect(await open('emma.wilson@alpenfirn.example')).toBe(`This issue goes out on 3 February 2027. Until then it is visible only to IT and the owner of the newsletter (${OWNER}).`);
    // and the owner does see it
    expect(await open(OWNER)).toMatch(/IT newsletter/);
  });
});

describe('survey figures in the newsletter', () => {
  it('a question keeps its question mark and gets no colon; a statement ends in a colon', () => {
    const c = content({ responses: 8, recipients: 8, opened: 1, closed: 1, rated: 1, median: 1 });
    c.surveys[0] = {
      ...c.surveys[0]!, withheld: null,
      figures: [
        { question: { de: 'Wie zufrieden sind Sie mit der Informatik?', en: 'How satisfied are you with IT?' }, type: 'csat', value: 3.6 },
        { question: { de: 'Die Informatik informiert mich rechtzeitig.', en: 'IT tells me in good time.' }, type: 'rating', value: 4.3 },
        { question: { de: 'Weiterempfehlung', en: 'Recommendation' }, type: 'nps', value: 25 },
      ],
    };
    for (const v of ['workplace-first', 'figures-first'] as const) {
      const de = renderText(c, 'de', v, null);
      expect(de).toContain('Wie zufrieden sind Sie mit der Informatik? 3.6 von 5');
      expect(de).toContain('Die Informatik informiert mich rechtzeitig: 4.3 von 5');
      expect(de).toContain('Weiterempfehlung: NPS 25');
      expect(de).not.toMatch(/[?.]:/);
      const en = renderText(c, 'en', v, null);
      expect(en).toContain('How satisfied are you with IT? 3.6 out of 5');
      expect(en).toContain('IT tells me in good time: 4.3 out of 5');
      expect(en).toContain('Recommendation: NPS 25');
    }
  });
});
