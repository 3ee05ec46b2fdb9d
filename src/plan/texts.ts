import { pick, texts, type Bi } from '../i18n/index.ts';
import type { Lang } from '../chat/model.ts';
import type { EventKind } from './model.ts';

export const planTexts = texts({
  reminderTitle: { de: 'Erinnerung: {title}', en: 'Reminder: {title}' },
  reminderLine: { de: '{title} am {when}: {task}', en: '{title} on {when}: {task}' },
  lastTime: { de: 'letztes Mal: {mean}/5 Zufriedenheit', en: 'last time: {mean}/5 satisfaction' },
  lastTimeNoData: { de: 'letztes Mal: noch keine Rückmeldungen', en: 'last time: no feedback yet' },
  when: { de: 'Wann', en: 'When' },
  audience: { de: 'Publikum', en: 'Audience' },
  owner: { de: 'Verantwortlich', en: 'Owner' },
  done: { de: 'Erledigt', en: 'Done' },
  skip: { de: 'Auslassen', en: 'Skip' },
  snooze: { de: 'Morgen erinnern', en: 'Snooze 1 day' },
  snoozeBeforeStart: { de: '1 Std. vorher erinnern', en: 'Remind me 1 h before' },
  snoozedTitle: { de: 'Erneute Erinnerung: {title}', en: 'Reminder again: {title}' },
  announceTitle: { de: '{title}', en: '{title}' },
  announceLine: { de: '{title}: {when} ({duration}). Wir freuen uns auf Sie!', en: '{title}: {when} ({duration}). We look forward to seeing you!' },
  cancelTitle: { de: 'Abgesagt: {title}', en: 'Cancelled: {title}' },
  cancelLine: { de: '{title} am {when} findet nicht statt.', en: '{title} on {when} will not take place.' },
  announceContact: { de: 'Fragen dazu: {name} ({email})', en: 'Questions: {name} ({email})' },
  overdueTitle: { de: 'Überfällig: {title}', en: 'Overdue: {title}' },
  overdueLine: {
    de: '{title} vom {when} ist weder als erledigt noch als ausgelassen gemeldet. Verantwortlich: {owner}.',
    en: '{title} on {when} was neither reported done nor skipped. Owner: {owner}.',
  },
  markedDone: { de: 'Danke! {title} am {when} ist als erledigt vermerkt.', en: 'Thank you! {title} on {when} is recorded as done.' },
  skipAsk: { de: 'Warum fällt {title} am {when} aus?', en: 'Why is {title} on {when} skipped?' },
  skipReason: { de: 'Grund', en: 'Reason' },
  skipSubmit: { de: 'Auslassen', en: 'Skip' },
  skipNeedsReason: { de: 'Bitte geben Sie einen Grund an.', en: 'Please give a reason.' },
  skipReasonTooLong: {
    de: 'Der Grund ist zu lang: {length} Zeichen, höchstens {max} sind möglich. Bitte fassen Sie ihn kürzer und senden Sie ihn nochmals. Es wurde nichts vermerkt.',
    en: 'The reason is too long: {length} characters, at most {max} are possible. Please shorten it and send it again. Nothing was recorded.',
  },
  markedSkipped: { de: '{title} am {when} ist als ausgelassen vermerkt (Grund: {reason}).', en: '{title} on {when} is recorded as skipped (reason: {reason}).' },
  snoozed: { de: 'In Ordnung, ich erinnere Sie am {when} nochmals.', en: 'All right, I will remind you again on {when}.' },
  snoozedBeforeStart: {
    de: 'In Ordnung, ich erinnere Sie am {when} nochmals, eine Stunde vor Beginn (der Anlass beginnt in weniger als einem Tag).',
    en: 'All right, I will remind you again on {when}, an hour before the start (the event is less than a day away).',
  },
  snoozeTooLate: { de: 'Der Anlass beginnt bald; eine spätere Erinnerung ist nicht mehr möglich.', en: 'The event starts soon; a later reminder is no longer possible.' },
  snoozeNoHours: {
    de: 'Eine spätere Erinnerung käme erst ausserhalb der Arbeitszeit oder nach Beginn des Anlasses; ich erinnere Sie deshalb nicht nochmals.',
    en: 'A later reminder would come only outside working hours or after the event has begun, so I will not remind you again.',
  },
  snoozeDone: { de: '{title} am {when} ist bereits als erledigt vermerkt: keine weitere Erinnerung.', en: '{title} on {when} is already recorded as done: no further reminder.' },
  snoozeSkipped: { de: '{title} am {when} ist als ausgelassen vermerkt: keine weitere Erinnerung.', en: '{title} on {when} is recorded as skipped: no further reminder.' },
  snoozeNotYours: {
    de: 'Diese Erinnerung ging nicht an Sie; nur wer sie erhalten hat, kann sie verschieben.',
    en: 'This reminder was not sent to you; only the person it was sent to can snooze it.',
  },
  alreadyDone: {
    de: '{title} am {when} ist bereits als erledigt vermerkt. Ändern lässt sich das im Kommunikationsplan der Admin-Seiten.',
    en: '{title} on {when} is already recorded as done. It can be changed in the communication plan of the admin pages.',
  },
  alreadySkipped: {
    de: '{title} am {when} ist bereits als ausgelassen vermerkt (Grund: {reason}). Ändern lässt sich das im Kommunikationsplan der Admin-Seiten.',
    en: '{title} on {when} is already recorded as skipped (reason: {reason}). It can be changed in the communication plan of the admin pages.',
  },
  notYours: {
    de: 'Das kann nur die verantwortliche Person ({owner}) oder jemand aus der Informatik vermerken.',
    en: 'Only the owner ({owner}) or someone from IT can record this.',
  },
  unknownOccurrence: { de: 'Diesen Termin gibt es im Plan nicht mehr.', en: 'This date is no longer in the plan.' },
  movedOccurrence: {
    de: 'Dieser Termin wurde im Plan verschoben: {title} findet neu am {when} statt. Die Erinnerung galt dem alten Termin; es wurde nichts geändert.',
    en: 'This date was moved in the plan: {title} now takes place on {when}. The reminder was for the old date; nothing was changed.',
  },
  upcomingTitle: { de: 'Was ansteht', en: 'Coming up' },
  upcomingNone: { de: 'In den nächsten {days} Tagen steht für Sie nichts an.', en: 'Nothing is coming up for you in the next {days} days.' },
  upcomingItem: { de: '{when}: {title}', en: '{when}: {title}' },
  upcomingShared: {
    de: 'Hier lesen alle mit, darum nenne ich nur Anlässe für alle. Ihre übrigen Termine zeige ich Ihnen im direkten Chat mit mir.',
    en: 'Everyone reads along here, so I list only events for everyone. I show you your other events in a direct chat with me.',
  },
  upcomingOwn: { de: '(Sie sind verantwortlich)', en: '(you are the owner)' },
  nextTitle: { de: 'Nächster Termin', en: 'Next date' },
  nextTitleMany: { de: 'Nächste Termine', en: 'Next dates' },
  nextNone: { de: '{title}: kein weiterer Termin geplant', en: '{title}: no further date planned' },
  nextForOthers: { de: 'für {audience}', en: 'for {audience}' },
  // `itbot plan upcoming`: what the plan records for an occurrence (planned: no mark)
  cliDone: { de: 'erledigt', en: 'done' },
  cliSkipped: { de: 'ausgelassen', en: 'skipped' },
  cliSkippedReason: { de: 'ausgelassen: {reason}', en: 'skipped: {reason}' },
  cliOverdue: { de: 'überfällig', en: 'overdue' },
  // `itbot plan upcoming` and `itbot plan report`, text output (the JSON keeps its English keys and reasons)
  cliNoPlan: { de: 'noch kein Plan importiert (itbot plan import DATEI, oder itbot demo load)', en: 'no plan imported yet (itbot plan import FILE, or itbot demo load)' },
  cliNothingBetween: { de: 'nichts geplant vom {from} bis {to}', en: 'nothing planned from {from} to {to}' },
  // the head of IT as configured and as used (`itbot serve`, `plan report`, the admin health page)
  headOfItUnknown: {
    de: 'ITBOT_HEAD_OF_IT={email} ist nicht im Personenverzeichnis: die Meldungen über überfällige Termine gehen an {instead}.',
    en: 'ITBOT_HEAD_OF_IT={email} is not in the people directory: overdue notices go to {instead}.',
  },
  headOfItInactive: {
    de: 'ITBOT_HEAD_OF_IT={email} ist im Personenverzeichnis nicht mehr aktiv: die Meldungen über überfällige Termine gehen an {instead}.',
    en: 'ITBOT_HEAD_OF_IT={email} is no longer active in the people directory: overdue notices go to {instead}.',
  },
  headOfItNone: {
    de: 'Keine Leitung der Informatik bekannt (ITBOT_HEAD_OF_IT ist nicht gesetzt, und die Abteilung IT hat im Personenverzeichnis keine Führungskraft): die Meldungen über überfällige Termine gehen an niemanden.',
    en: 'No head of IT known (ITBOT_HEAD_OF_IT is not set, and the IT department has no manager in the people directory): overdue notices go to nobody.',
  },
  headOfItNobody: { de: 'niemanden (die Abteilung IT hat keine Führungskraft)', en: 'nobody (the IT department has no manager)' },
  cliReportHead: { de: 'Jahresplan und Kontrolle {year} ({tz})', en: 'plan against actual {year} ({tz})' },
  cliNothingIn: { de: 'nichts geplant im Jahr {year}', en: 'nothing planned in {year}' },
  // the table's columns, one word each (the figures below are aligned to them)
  cliColKind: { de: 'Art', en: 'kind' },
  cliColQuarter: { de: 'Quartal', en: 'quarter' },
  cliColPlanned: { de: 'geplant', en: 'planned' },
  cliColDone: { de: 'erledigt', en: 'done' },
  cliColSkipped: { de: 'ausgelassen', en: 'skipped' },
  cliColOverdue: { de: 'überfällig', en: 'overdue' },
  cliColOpen: { de: 'offen', en: 'open' },
  cliColMissedReminders: { de: 'verpasste-Erinnerungen', en: 'missed-reminders' },
  cliColMissedAnnouncements: { de: 'verpasste-Ankündigungen', en: 'missed-announcements' },
  cliTotal: {
    de: 'Total: geplant {planned}, erledigt {done}, ausgelassen {skipped}, überfällig {overdue}, offen {open}, verpasste Erinnerungen {missedReminders}, verpasste Ankündigungen {missedAnnouncements}',
    en: 'total: planned {planned}, done {done}, skipped {skipped}, overdue {overdue}, open {open}, missed reminders {missedReminders}, missed announcements {missedAnnouncements}',
  },
  // the kind under which `plan report` counts the occurrences of events no longer in the plan
  cliKindRemoved: { de: '(nicht mehr im Plan)', en: '(removed from plan)' },
  cliSkippedLine: { de: 'ausgelassen {eventId} {occurrence}: {reason}', en: 'skipped {eventId} {occurrence}: {reason}' },
  cliFeedbackHead: {
    de: 'Rückmeldungen nach den Anlässen (Umfragen danach; eine Bewertung nur aus Durchgängen mit genügend Antworten, um gezeigt zu werden):',
    en: 'feedback after events (follow-up surveys; a score only from runs with enough answers to be shown):',
  },
  cliFeedbackOpen: {
    de: '  (solange ein Durchgang offen ist, werden seine Bewertung und die Antworten, die sie zählt, nur alle N Antworten nachgeführt, N: die minGroupSize seiner Umfrage)',
    en: '  (while a run is open, its score and the responses it counts update only every N answers, N: its survey\'s minGroupSize)',
  },
  cliEventLine: { de: '  Anlass {eventId}{title} [{kind}, {surveyId}]: {figures}', en: '  event {eventId}{title} [{kind}, {surveyId}]: {figures}' },
  cliKindLine: { de: '  Art {kind} [{surveyId}]: {figures}', en: '  kind {kind} [{surveyId}]: {figures}' },
  cliEventOne: { de: '{n} Anlass', en: '{n} event' },
  cliEventMany: { de: '{n} Anlässe', en: '{n} events' },
  cliRunOne: { de: '{n} Durchgang', en: '{n} run' },
  cliRunMany: { de: '{n} Durchgänge', en: '{n} runs' },
  cliRunsOpen: { de: ' ({n} offen)', en: ' ({n} open)' },
  cliRequestOne: { de: '{n} Anfrage', en: '{n} request' },
  cliRequestMany: { de: '{n} Anfragen', en: '{n} requests' },
  cliRequestsMissed: { de: ' ({n} verpasst: vor dem Schluss der Umfrage nicht zugestellt)', en: ' ({n} missed: not delivered before the survey closed)' },
  cliResponseOne: { de: '{n} Antwort ({rate})', en: '{n} response ({rate})' },
  cliResponseMany: { de: '{n} Antworten ({rate})', en: '{n} responses ({rate})' },
  cliResponseSoFarOne: { de: '{n} Antwort bisher ({rate}; {counted})', en: '{n} response so far ({rate}; {counted})' },
  cliResponseSoFarMany: { de: '{n} Antworten bisher ({rate}; {counted})', en: '{n} responses so far ({rate}; {counted})' },
  cliFiguresAsOf: { de: 'Zahlen beim Stand von {n}', en: 'figures as of {n}' },
  cliNoneCounted: { de: 'noch keine gezählt', en: 'none counted yet' },
  // the score of a line (`scoreText`), and why there is none
  cliNoSurveyYet: { de: 'noch keine Umfrage versendet', en: 'no survey sent yet' },
  cliNoScoreQuestion: { de: 'keine Frage mit Bewertung', en: 'no score question' },
  cliScoreWithheld: { de: 'Bewertung zurückgehalten', en: 'score withheld' },
  cliSatisfaction: { de: 'Zufriedenheit {v}/5', en: 'satisfaction {v}/5' },
  cliMean: { de: 'Mittelwert {v}/5', en: 'mean {v}/5' },
  cliFromRunOne: { de: '{score} aus {n} Durchgang', en: '{score} from {n} run' },
  cliFromRunMany: { de: '{score} aus {n} Durchgängen', en: '{score} from {n} runs' },
  cliRunsWithheld: { de: ' ({n} zurückgehalten: zu wenige Antworten)', en: ' ({n} withheld: too few answers)' },
  whyNoResponses: { de: 'noch keine Antworten', en: 'no responses yet' },
  whyFewerSoFar: { de: 'bisher weniger als {min} Antworten gezählt', en: 'fewer than {min} answers counted so far' },
  whyFewerSoFarEach: { de: 'in jedem Durchgang bisher weniger als {min} Antworten gezählt', en: 'fewer than {min} answers counted so far in each run' },
  whyFewerEach: { de: 'weniger als {min} Antworten in jedem Durchgang', en: 'fewer than {min} answers in each run' },
  audAll: { de: 'alle Mitarbeitenden', en: 'all staff' },
  audManagers: { de: 'Führungskräfte', en: 'managers' },
  audIt: { de: 'Informatik', en: 'IT staff' },
  audNamed: { de: 'namentlich genannte Personen', en: 'named people' },
  helpUpcoming: { de: '«Was steht an?»: kommende IT-Anlässe, die Sie betreffen', en: '"What\'s coming up?": upcoming IT events that concern you' },
  helpNext: { de: '«Wann ist der nächste Jour fixe?»: der nächste Termin eines Anlasses', en: '"When is the next jour fixe?": the next date of an event' },
});

/** What the owner has to prepare, per kind (the plan file can override it with `task`). */
export const KIND_TASKS: Record<EventKind, Bi> = {
  newsletter: { de: 'Beiträge sammeln und Ausgabe vorbereiten', en: 'collect contributions and prepare the issue' },
  'jour-fixe': { de: 'Traktanden fällig', en: 'agenda due' },
  'info-meeting': { de: 'Einladung und Folien fällig', en: 'invitation and slides due' },
  'key-user-meeting': { de: 'Traktanden und Themen der Key-User sammeln', en: 'collect the key users\' topics and agenda' },
  'management-meeting': { de: 'aktuelle IT-Themen für die Geschäftsleitung vorbereiten', en: 'prepare current IT topics for the board' },
  'steering-committee': { de: 'Unterlagen für den IT-Lenkungsausschuss fällig', en: 'steering committee papers due' },
  'open-day': { de: 'Programm, Stände und Einladung vorbereiten', en: 'prepare programme, stands and invitation' },
  'it-fair': { de: 'Aussteller, Stände und Einladung vorbereiten', en: 'prepare exhibitors, stands and invitation' },
  'it-conference': { de: 'Programm und Referierende bestätigen', en: 'confirm programme and speakers' },
  club: { de: 'Thema und Ort festlegen', en: 'fix topic and venue' },
  'site-visit': { de: 'Besuch mit dem Standort abstimmen', en: 'arrange the visit with the site' },
  other: { de: 'Vorbereitung fällig', en: 'preparation due' },
};

/** A kind in words, for the plan-against-actual reports people read (the admin pages, the text of `itbot plan report`). */
export const KIND_NAMES: Record<EventKind, Bi> = {
  newsletter: { de: 'Newsletter', en: 'Newsletter' },
  'jour-fixe': { de: 'Jour fixe', en: 'Jour fixe' },
  'info-meeting': { de: 'Informationsveranstaltung', en: 'Information meeting' },
  'key-user-meeting': { de: 'Key-User-Treffen', en: 'Key user meeting' },
  'management-meeting': { de: 'Sitzung mit der Geschäftsleitung', en: 'Management meeting' },
  'steering-committee': { de: 'IT-Lenkungsausschuss', en: 'IT steering committee' },
  'open-day': { de: 'Tag der offenen Tür', en: 'Open day' },
  'it-fair': { de: 'IT-Messe', en: 'IT fair' },
  'it-conference': { de: 'IT-Konferenz', en: 'IT conference' },
  club: { de: 'Stammtisch', en: 'Club' },
  'site-visit': { de: 'Standortbesuch', en: 'Site visit' },
  other: { de: 'Anderes', en: 'Other' },
};

/** A kind of event in words in `lang`, as the admin plan page and `plan report` name it; the id of a kind it does not know. */
export function kindName(lang: Lang, kind: string): string {
  return kind in KIND_NAMES ? pick(KIND_NAMES[kind as EventKind], lang) : kind;
}
