import { describe, expect, it } from 'vitest';
import { renderEscaped, renderText } from '../../src/newsletter/render.ts';
import type { NewsletterContent } from '../../src/newsletter/model.ts';

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

describe('counts in the newsletter', () => {
  it('one is singular: 1 Antwort, 1 response, 1 Ticket, 1 rating, 1 hour', () => {
    const c = content({ responses: 1, recipients: 2, opened: 1, closed: 1, rated: 1, median: 1 });
    const de = renderText(c, 'de', 'workplace-first', null);
    expect(de).toContain('• Kurztreffen: 1 Antwort. Zu wenige Antworten');
    expect(de).toContain('1 Anfrage erledigt, in der Hälfte der Fälle innert 1 Stunde.');
    expect(de).toContain('4,5 von 5 (1 Bewertung)');
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
