import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { App } from '../../src/app-types.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { importPlan } from '../../src/plan/import.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { importProjects } from '../../src/projects/import.ts';
import { importStrategy } from '../../src/projects/strategy.ts';
import { importHelpdesk } from '../../src/newsletter/helpdesk.ts';
import { click, type TestApp } from '../doubles/app.ts';

let n = 0;
export function write(app: TestApp, name: string, text: string): string {
  const file = join(app.dir, `${++n}-${name}`);
  writeFileSync(file, text);
  return file;
}

export const OWNER = 'anna.schmid@alpenfirn.example';
export const HEAD = 'head.it@alpenfirn.example';

export function withPeople(app: App): void {
  void peopleFeature.demo!(app);
}

/** A catalog service for all staff, named in both languages. */
export const service = (id: string, status: string, de: string, en: string, extra: Record<string, unknown> = {}) => ({
  id, status, name: { de, en }, summary: { de: `${de} für alle.`, en: `${en} for everyone.` }, category: { de: 'Arbeitsplatz', en: 'Workplace' }, audience: 'all', ...extra,
});

/** The catalog before the month: VPN and fax. */
export function catalogBefore(app: TestApp) {
  return importCatalog(app, write(app, 'catalog.yaml', stringify({ services: [service('vpn', 'active', 'VPN-Zugang', 'VPN access'), service('fax', 'active', 'Faxdienst', 'Fax service')] })));
}

/** During the month: Teams telephony is new, the fax is retiring in favour of it. */
export function catalogAfter(app: TestApp) {
  return importCatalog(app, write(app, 'catalog.yaml', stringify({ services: [
    service('vpn', 'active', 'VPN-Zugang', 'VPN access'),
    service('fax', 'retiring', 'Faxdienst', 'Fax service', { replacedBy: 'teams-phone' }),
    service('teams-phone', 'new', 'Telefonie mit Teams', 'Teams telephony'),
  ] })));
}

/**
 * Two newsletters: Logistics' (2027-02-03 08:00 Zurich), which names no Slack channel, so with
 * Slack in service its issue is posted only to the web chat, which no one reads next to Slack
 * (and no one in Logistics gets the figures-first version); and one for all staff in C0NEWS
 * (2027-02-10 08:00).
 */
export function logisticsPlan(app: TestApp) {
  return importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl-logistics, title: {de: IT-News Logistik, en: IT news for Logistics}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: department:Logistics, owner: ${OWNER}}
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-10T08:00, duration: PT30M, audience: all, channels: {slack: C0NEWS}, owner: ${OWNER}}
`));
}

/** A monthly newsletter on the first Wednesday, first issue 2027-02-03 08:00 Zurich. */
export function plan(app: TestApp, extra = '') {
  return importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - id: it-newsletter
    title: {de: IT-Newsletter, en: IT newsletter}
    kind: newsletter
    rrule: "FREQ=MONTHLY;BYDAY=1WE"
    start: 2027-02-03T08:00
    duration: PT30M
    audience: all
    channels: {slack: C0NEWS}
    owner: ${OWNER}
  - id: open-day
    title: {de: Tag der offenen IT, en: IT open day}
    kind: open-day
    start: 2027-02-17T14:00
    duration: PT3H
    audience: all
    owner: ${HEAD}
${extra}`));
}

export const PROJECTS = (phase: string) => `projects:
  - id: win11
    title: {de: Umstellung auf Windows 11, en: Windows 11 rollout}
    changes: {de: Neue Notebooks mit Windows 11., en: New laptops with Windows 11.}
    audience: all
    phase: ${phase}
    owner: marco.keller@alpenfirn.example
    link: https://intranet.example/win11
    milestones:
      - {date: 2027-01-20, title: {de: Pilot Finanzen, en: Finance pilot}}
  - id: erp
    title: {de: ERP-Update, en: ERP upgrade}
    changes: {de: Schnellerer Monatsabschluss., en: Faster month-end closing.}
    audience: department:Finance
    phase: planned
    owner: head.it@alpenfirn.example
`;

/** One project for all staff as a YAML list entry (`milestone`: its milestones' lines, if any). */
export const project = (id: string, phase: string, milestone = '') => `  - id: ${id}
    title: {de: Projekt ${id}, en: Project ${id}}
    changes: {de: Neu für alle., en: New for everyone.}
    audience: all
    phase: ${phase}
    owner: head.it@alpenfirn.example
${milestone}`;

export function projects(app: TestApp, phase: string) {
  return importProjects(app, write(app, 'projects.yaml', PROJECTS(phase)));
}

export function strategy(app: TestApp) {
  return importStrategy(app, write(app, 'strategy.yaml', `vision: {de: Die IT ist erste Anlaufstelle., en: IT is the first place to go.}
principles:
  - {de: "Vorher, währenddessen, danach.", en: "Before, during, after."}
roadmap:
  - {id: service-catalog-defined, date: 2027-01-15, title: {de: Servicekatalog definiert, en: Service catalog defined}, done: true}
  - {id: customer-care-established, date: 2027-03-31, title: {de: Kundenbetreuung etabliert, en: Customer care established}, done: false}
`));
}

/** A survey to the Finance department (3 people), all answer, then it closes. */
export async function closedSurvey(app: TestApp, scores = ['5', '4', '4']) {
  createSurvey(app, write(app, 'survey.yaml', stringify({
    id: 'csat-q1', title: { de: 'Zufriedenheit Q1', en: 'Satisfaction Q1' }, anonymity: 'confidential', minGroupSize: 3,
    audience: 'department:Finance', closes: 'P7D', reminders: [],
    questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
  })));
  const { runId } = startSurveyRun(app, 'csat-q1', { runKey: 'send:test', scheduled: false });
  const finance = ['peter.huber@alpenfirn.example', 'julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example'];
  for (let i = 0; i < scores.length; i++) await app.bot.handle(click('survey.answer', `${runId}:overall:${scores[i]}`, finance[i]!));
  app.clock.advance(8 * 86_400_000);
  const repo = new SurveyRepo(app.db);
  closeRun(app, repo.get('csat-q1')!.def, repo.run(runId)!);
  return runId;
}

/** Helpdesk tickets in January 2027 (local times). */
export function helpdesk(app: TestApp) {
  return importHelpdesk(app, write(app, 'helpdesk.csv', `ticket_id,opened_at,closed_at,category,department,satisfaction
T-1,2027-01-05 08:00,2027-01-05 10:00,hardware,Finance,5
T-2,2027-01-06 09:00,2027-01-06 13:00,access,Sales,4
T-3,2027-01-07 10:00,2027-01-08 10:00,software,HR,
T-4,2027-01-11 11:00,,network,IT,
`));
}

/** The keys of the project news in an issue's stored content. */
export const projectKeys = (content: string) => (JSON.parse(content) as { projects: Array<{ key: string }> }).projects.map((p) => p.key);

export function outbox(app: App, kind?: string): Array<{ idempotency_key: string; kind: string; target: string; target_kind: string; platform: string | null; message: string; due_at: string; state: string }> {
  return (kind
    ? app.db.prepare('SELECT * FROM outbox WHERE kind = ? ORDER BY id').all(kind)
    : app.db.prepare('SELECT * FROM outbox ORDER BY id').all()) as never;
}
