import { texts } from '../i18n/index.ts';

/** Every text of the projects and strategy feature, in German (Swiss: ss) and English. */
export const projectTexts = texts({
  planned: { de: 'Demnächst: {title}', en: 'Coming up: {title}' },
  plannedBody: {
    de: 'Die IT startet dieses Projekt. Was sich für Sie ändert: {changes}',
    en: 'IT is starting this project. What changes for you: {changes}',
  },
  running: { de: 'Es geht los: {title}', en: 'Under way: {title}' },
  runningBody: {
    de: 'Das Projekt läuft. Was sich für Sie ändert: {changes}',
    en: 'The project is running. What changes for you: {changes}',
  },
  done: { de: 'Abgeschlossen: {title}', en: 'Done: {title}' },
  doneBody: {
    de: 'Das Projekt ist abgeschlossen. Das Ergebnis: {changes} Danke für Ihre Geduld und Mithilfe!',
    en: 'The project is complete. The result: {changes} Thank you for your patience and help!',
  },
  milestone: { de: 'Meilenstein erreicht: {milestone}', en: 'Milestone reached: {milestone}' },
  milestoneBody: {
    de: '{title}: der Meilenstein «{milestone}» ({date}) ist erreicht. Was sich für Sie ändert: {changes}',
    en: '{title}: the milestone "{milestone}" ({date}) has been reached. What changes for you: {changes}',
  },
  next: { de: 'Nächster Schritt: {milestone} am {date}', en: 'Next step: {milestone} on {date}' },
  more: { de: 'Mehr zum Projekt', en: 'More about the project' },
  contact: { de: 'Fragen? {name} ({email})', en: 'Questions? {name} ({email})' },
  workingTitle: { de: 'Woran die IT arbeitet', en: 'What IT is working on' },
  workingFor: { de: 'Was Sie und {department} betrifft:', en: 'What concerns you and {department}:' },
  workingAll: { de: 'Die laufenden und geplanten Projekte der IT:', en: "IT's running and planned projects:" },
  workingNone: {
    de: 'Im Moment laufen keine IT-Projekte, die Sie betreffen. Alle Projekte: {count}.',
    en: 'No IT project concerning you is under way at the moment. All projects: {count}.',
  },
  workingNoData: { de: 'Es sind noch keine IT-Projekte erfasst.', en: 'No IT projects have been recorded yet.' },
  phase_planned: { de: 'geplant', en: 'planned' },
  phase_running: { de: 'läuft', en: 'running' },
  phase_done: { de: 'abgeschlossen', en: 'done' },
  workingShared: {
    de: 'Hier lesen alle mit, darum nenne ich nur Projekte für alle. Die übrigen, die Sie betreffen, zeige ich Ihnen im direkten Chat mit mir.',
    en: 'Everyone reads along here, so I list only projects for everyone. I show you the others that concern you in a direct chat with me.',
  },
  recentlyDone: { de: 'Kürzlich abgeschlossen:', en: 'Recently completed:' },
  strategyTitle: { de: 'Die IT-Strategie', en: "IT's strategy" },
  strategyNone: { de: 'Die IT-Strategie ist noch nicht erfasst.', en: "IT's strategy has not been recorded yet." },
  vision: { de: 'Vision', en: 'Vision' },
  principles: { de: 'Grundsätze', en: 'Principles' },
  roadmap: { de: 'Fahrplan (12 Monate)', en: 'Roadmap (12 months)' },
  roadmapLater: { de: '… und {count} danach', en: '… and {count} after that' },
  reached: { de: 'erreicht', en: 'reached' },
  open: { de: 'offen', en: 'open' },
  helpWorking: { de: '«Woran arbeitet die IT?»: die IT-Projekte, die Sie betreffen', en: '"What is IT working on?": the IT projects that concern you' },
  helpStrategy: { de: '«Was plant die IT?»: Vision, Grundsätze und Fahrplan der IT', en: '"What is IT\'s strategy?": IT\'s vision, principles and roadmap' },
  showProject: { de: 'Details', en: 'Details' },
  unknownProject: { de: 'Dieses Projekt kenne ich nicht (mehr).', en: "I don't know this project (any more)." },
  imported: { de: '{n} Projekte importiert, {announced} Ankündigungen eingeplant', en: '{n} projects imported, {announced} announcements queued' },
  // the command line's text output of the organisation's projects and figures (in ITBOT_LANG: README, Command line)
  cliNoProjects: { de: 'noch keine Projekte importiert (itbot projects import DATEI, oder itbot demo load)', en: 'no projects imported yet (itbot projects import FILE, or itbot demo load)' },
  cliColMonth: { de: 'Monat', en: 'month' },
  cliColOpened: { de: 'eröffnet', en: 'opened' },
  cliColClosed: { de: 'erledigt', en: 'closed' },
  cliColMedian: { de: 'Median h', en: 'median h' },
  cliColSatisfaction: { de: 'Zufriedenheit', en: 'satisfaction' },
});
