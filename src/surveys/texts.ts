import { formatDay, pick, texts, type Bi } from '../i18n/index.ts';
import { FIXED_REASONS_DE, SMALLER_DEPARTMENTS, SMALLER_GROUPS_QUESTION, WITHHELD_IN_A_WAVE, fewerAnswers, fewerResponses, type Stepped } from './results.ts';

/** Every text of the surveys feature, in Swiss German ("ss", never "ß") and English. */
export const st = texts({
  inviteIntro: {
    de: 'Die Informatik bittet Sie um Ihre Meinung. Es dauert nur einen Moment.',
    en: 'The IT department would like your opinion. It only takes a moment.',
  },
  anonymous: {
    de: 'Anonym: Ihre Antworten werden ohne jede Verbindung zu Ihnen gespeichert. Niemand, auch nicht die Informatik, kann sehen, was Sie geantwortet haben. Deshalb gilt Ihre erste Antwort und lässt sich nicht mehr ändern. Ergebnisse erscheinen erst, wenn mindestens {min} Personen geantwortet haben.',
    en: 'Anonymous: your answers are stored with no link to you at all. Nobody, not even IT, can see what you answered. For that reason your first answer is final and cannot be changed. Results appear only once at least {min} people have answered.',
  },
  confidential: {
    de: 'Vertraulich: Ihre Antworten werden mit Ihrem Namen gespeichert, damit Sie sie bis zum Schluss der Umfrage ändern können. Gezeigt werden nur Zusammenfassungen von Gruppen mit mindestens {min} Personen, nie Namen.',
    en: 'Confidential: your answers are stored with your name so that you can change them until the survey closes. Only summaries of groups of at least {min} people are shown, never names.',
  },
  named: {
    de: 'Mit Namen: Ihre Antworten werden mit Ihrem Namen gespeichert und der Informatik mit Ihrem Namen gezeigt. Sie können sie bis zum Schluss der Umfrage ändern.',
    en: 'Named: your answers are stored and shown to IT with your name. You can change them until the survey closes.',
  },
  closesAt: { de: 'Die Umfrage schliesst am {date}.', en: 'The survey closes on {date}.' },
  reminderIntro: {
    de: 'Erinnerung: Ihre Meinung fehlt noch. Die Umfrage schliesst am {date}.',
    en: 'Reminder: we have not heard from you yet. The survey closes on {date}.',
  },
  submit: { de: 'Absenden', en: 'Submit' },
  changeAnswer: { de: 'Antwort ändern', en: 'Change answer' },
  answerSoFar: { de: 'Ihre bisherige Antwort: {answer}. Klicken Sie eine andere, um sie zu ändern.', en: 'Your answer so far: {answer}. Click another one to change it.' },
  optional: { de: '(freiwillig)', en: '(optional)' },
  scaleHintCsat: { de: '1 = sehr unzufrieden, 5 = sehr zufrieden', en: '1 = very dissatisfied, 5 = very satisfied' },
  scaleHintNps: { de: '0 = sicher nicht, 10 = sehr wahrscheinlich', en: '0 = not at all likely, 10 = extremely likely' },
  thanks: { de: 'Danke für Ihre Antwort! Sie hilft der Informatik, besser zu werden.', en: 'Thank you for your answer! It helps IT get better.' },
  thanksChanged: { de: 'Danke, Ihre Antwort ist geändert. Sie können sie bis zum {date} nochmals ändern.', en: 'Thank you, your answer has been changed. You can change it again until {date}.' },
  thanksUnchanged: { de: 'Danke, Ihre Antwort ist unverändert gespeichert. Sie können sie bis zum {date} ändern.', en: 'Thank you, your answer is recorded as before. You can change it until {date}.' },
  thanksChangeable: { de: 'Sie können Ihre Antwort bis zum {date} ändern.', en: 'You can change your answer until {date}.' },
  alreadyAnonymous: {
    de: 'Sie haben diese anonyme Umfrage bereits beantwortet. Weil Antworten nicht mit Ihnen verbunden sind, lässt sich Ihre erste Antwort nicht ändern.',
    en: 'You have already answered this anonymous survey. Because answers are not linked to you, your first answer cannot be changed.',
  },
  closed: { de: 'Diese Umfrage ist bereits geschlossen. Danke für Ihr Interesse!', en: 'This survey has already closed. Thank you for your interest!' },
  closedNewerOpen: {
    de: 'Diese Runde der Umfrage ist bereits geschlossen. Die aktuelle Runde ist offen, Sie können hier antworten:',
    en: 'This round of the survey has already closed. The current round is open, and you can answer it here:',
  },
  notRecipient: { de: 'Diese Umfrage ist nicht an Sie gerichtet, darum kann ich Ihre Antwort nicht speichern.', en: 'This survey was not sent to you, so I cannot record your answer.' },
  badAnswer: { de: 'Diese Antwort kann ich nicht annehmen: {reason}. Es wurde nichts gespeichert.', en: 'I cannot accept this answer: {reason}. Nothing was stored.' },
  badNotAnumber: { de: '«{value}» ist keine Zahl von {min} bis {max} für «{question}»', en: '"{value}" is not a number from {min} to {max} for "{question}"' },
  badOption: {
    de: '«{value}» ist keine der Auswahlmöglichkeiten von «{question}»: möglich sind {options}',
    en: '"{value}" is not one of the options of "{question}": the options are {options}',
  },
  badUnknownQuestion: { de: 'die Frage «{question}» gibt es in dieser Umfrage nicht', en: 'the question "{question}" is not part of this survey' },
  badMissing: { de: 'die Frage «{question}» muss beantwortet werden', en: 'the question "{question}" needs an answer' },
  badTooLong: { de: 'der Text zu «{question}» ist länger als {max} Zeichen', en: 'the text for "{question}" is longer than {max} characters' },
  badMalformed: { de: 'die Antwort ist unvollständig oder beschädigt', en: 'the answer is incomplete or damaged' },
  useForm: {
    de: 'Diese Umfrage hat mehrere Fragen, und Ihre Antwort zählt erst, wenn alle Pflichtfragen beantwortet sind ({missing}). Bitte füllen Sie das Formular aus und senden Sie es ab. Es wurde nichts gespeichert.',
    en: 'This survey has several questions, and your answer counts only once every required question is answered ({missing}). Please fill in the form and submit it. Nothing was stored.',
  },
  missingOne: { de: 'es fehlt noch: {questions}', en: 'still missing: {questions}' },
  missingMany: { de: 'es fehlen noch: {questions}', en: 'still missing: {questions}' },
  useFormAnonymous: {
    de: 'Diese anonyme Umfrage hat mehrere Fragen, und Ihre erste Antwort gilt: Bitte beantworten Sie sie alle zusammen im Formular und senden Sie es ab. Es wurde nichts gespeichert.',
    en: 'This anonymous survey has several questions, and your first answer is final: please answer them all together in the form and submit it. Nothing was stored.',
  },
  unknownSurvey: { de: 'Diese Umfrage kenne ich nicht (mehr).', en: 'I do not know this survey (any more).' },
  resultsTitle: { de: 'Umfrageergebnis: {title}', en: 'Survey result: {title}' },
  resultsResponses: { de: 'Antworten', en: 'Responses' },
  resultsRate: { de: 'Rücklauf', en: 'Response rate' },
  resultsMean: { de: 'Durchschnitt «{question}»', en: 'Average "{question}"' },
  resultsCsat: { de: 'CSAT (Anteil 4–5) «{question}»', en: 'CSAT (share of 4–5) "{question}"' },
  resultsNps: { de: 'NPS «{question}»', en: 'NPS "{question}"' },
  resultsWithheld: {
    de: 'Weniger als {min} Antworten: zum Schutz der Teilnehmenden wird kein Ergebnis gezeigt.',
    en: 'Fewer than {min} responses: to protect the participants no result is shown.',
  },
  resultsNone: { de: 'Keine Antworten: es gibt kein Ergebnis zu zeigen.', en: 'No responses: there is no result to show.' },
  chartDistribution: { de: 'Verteilung der Antworten auf «{question}»', en: 'Distribution of answers to "{question}"' },
  chartTrend: { de: 'Verlauf von «{question}» über die Wellen', en: 'Trend of "{question}" over the waves' },
  progressTitle: { de: 'Rücklauf in Ihrem Team', en: 'Responses in your team' },
  progressLine: {
    de: '«{title}»: {missing} von {recipients} Personen aus {department} haben noch nicht geantwortet (wer, sage ich nicht).',
    en: '"{title}": {missing} of {recipients} people in {department} have not answered yet (I never say who).',
  },
  progressLineOne: {
    de: '«{title}»: 1 von {recipients} Personen aus {department} hat noch nicht geantwortet (wer, sage ich nicht).',
    en: '"{title}": 1 of {recipients} people in {department} has not answered yet (I never say who).',
  },
  progressSmall: {
    de: '«{title}»: In {department} sind weniger als {min} Personen eingeladen; zum Schutz der Einzelnen nenne ich keine Zahl.',
    en: '"{title}": fewer than {min} people in {department} were invited; to protect individuals I give no figure.',
  },
  mineTitle: { de: 'Ihre Umfragen', en: 'Your surveys' },
  mineDirect: {
    de: 'Ihre Umfragen zeige ich nur im direkten Chat mit mir an, damit niemand sonst Ihre Antworten sieht. Schreiben Sie mir dort «Umfrage».',
    en: 'I show your surveys only in a direct chat with me, so that nobody else sees your answers. Write "survey" to me there.',
  },
  // "What are the survey results?" (src/surveys/ask-results.ts)
  askResultsTitle: { de: 'Resultate der Umfragen', en: 'Survey results' },
  askResultsNotIt: {
    de: 'Die Resultate der Umfragen veröffentlicht die Informatik, zum Beispiel im Newsletter. Hier im Chat sehen sie nur Mitarbeitende der Informatik.',
    en: 'Survey results are published by the IT department, for example in the newsletter. In this chat they are shown to IT staff only.',
  },
  askResultsDirect: {
    de: 'Resultate von Umfragen zeige ich nur im direkten Chat mit mir an (sie stehen auch im IT-Kanal). Fragen Sie mich dort.',
    en: 'I show survey results only in a direct chat with me (they are in the IT channel too). Please ask me there.',
  },
  askResultsNone: { de: 'Noch keine Umfrage ist abgeschlossen: Resultate gibt es, sobald eine schliesst.', en: 'No survey has closed yet: results come once one closes.' },
  askResultsNoneYet: { de: '{title} ist noch nicht abgeschlossen: Resultate gibt es, sobald sie schliesst.', en: '{title} has not closed yet: results come once it closes.' },
  askResultsNotSent: { de: '{title} wurde noch nicht verschickt: Resultate gibt es, sobald sie verschickt und geschlossen ist.', en: '{title} has not been sent yet: results come once it has been sent and closes.' },
  askResultsWhich: { de: 'Von welcher Umfrage möchten Sie die Resultate?', en: 'Which survey\'s results would you like?' },
  askResultsClosedOn: { de: 'zuletzt geschlossen am {date}', en: 'last closed on {date}' },
  askResultsExample: { de: 'Fragen Sie zum Beispiel: «Resultate der Umfrage {example}».', en: 'Ask for example: "results of the survey {example}".' },
  mineWaitingOne: { de: 'Diese Umfrage wartet auf Ihre Antwort: {titles}.', en: 'This survey is waiting for your answer: {titles}.' },
  mineWaitingMany: { de: 'Diese Umfragen warten auf Ihre Antwort: {titles}.', en: 'These surveys are waiting for your answer: {titles}.' },
  mineAllAnswered: { de: 'Sie haben alle offenen Umfragen beantwortet ({titles}). Danke!', en: 'You have answered every open survey ({titles}). Thank you!' },
  mineNone: {
    de: 'Im Moment ist keine Umfrage für Sie offen. Wenn die IT Sie um Ihre Meinung bittet, erhalten Sie hier eine Einladung.',
    en: 'No survey is open for you right now. When IT asks for your opinion, you get an invitation here.',
  },
  mineManager: {
    de: 'Wie viele aus Ihrem Team noch nicht geantwortet haben, sage ich Ihnen auf «Wie viele aus meinem Team haben die Umfrage noch nicht beantwortet?».',
    en: 'To see how many of your team have not answered yet, ask "How many of my team have not answered the survey?".',
  },
  mineHelpLine: { de: '«Umfrage»: Ihre offenen Umfragen', en: '"Survey": your open surveys' },
  progressNone: { de: 'Zurzeit läuft keine Umfrage, zu der Personen aus Ihrem Team eingeladen sind.', en: 'No survey your team was invited to is open right now.' },
  progressNotManager: {
    de: 'Den Rücklauf eines Teams sehen nur Vorgesetzte, und zwar nur als Zahl.',
    en: 'Only managers can see how their team is responding, and only as a number.',
  },
  typedRecorded: {
    de: 'Gespeichert als Ihre Antwort auf «{question}» (Umfrage «{title}»): {value}.',
    en: 'Saved as your answer to "{question}" (survey "{title}"): {value}.',
  },
  typedRecordedAnonymous: {
    de: 'Gespeichert als Ihre Antwort auf «{question}» (Umfrage «{title}»). Die Umfrage ist anonym: diese Bestätigung wiederholt Ihre Antwort nicht.',
    en: 'Saved as your answer to "{question}" (survey "{title}"). The survey is anonymous: this confirmation does not repeat your answer.',
  },
  typedHowOne: {
    de: 'Ist das Ihre Antwort auf die Umfrage {titles}? Bitte wählen Sie sie mit den Knöpfen oder im Formular der Umfrage, damit sie zur richtigen Frage kommt:',
    en: 'Is that your answer to the survey {titles}? Please choose it with the buttons or in the form of the survey, so that it reaches the right question:',
  },
  typedHowMany: {
    de: 'Sie haben mehrere offene Umfragen ({titles}). Bitte antworten Sie mit den Knöpfen oder im Formular der jeweiligen Umfrage, damit jede Antwort zur richtigen Frage kommt:',
    en: 'You have several open surveys ({titles}). Please answer with the buttons or in the form of each survey, so that every answer reaches the right question:',
  },
  // the command line (`itbot survey results|send|close`), in ITBOT_LANG
  cliHead: { de: 'Umfrage {id} ({anonymity}, Mindestgruppe {min}): {responses} von {recipients} haben geantwortet ({rate})', en: 'survey {id} ({anonymity}, min group {min}): {responses} of {recipients} responded ({rate})' },
  cliHeadOne: { de: 'Umfrage {id} ({anonymity}, Mindestgruppe {min}): {responses} von {recipients} hat geantwortet ({rate})', en: 'survey {id} ({anonymity}, min group {min}): {responses} of {recipients} responded ({rate})' },
  cliHeadNotSent: { de: 'Umfrage {id} ({anonymity}, Mindestgruppe {min}): noch nicht versendet, es gibt keine Ergebnisse', en: 'survey {id} ({anonymity}, min group {min}): not sent yet, there are no results' },
  cliAllWithheld: { de: 'alle Zahlen zurückgehalten: {reason}', en: 'all figures withheld: {reason}' },
  cliWithheld: { de: 'zurückgehalten: {reason}', en: 'withheld: {reason}' },
  allFigures: { de: 'alle Zahlen', en: 'all figures' },
  answerOne: { de: 'Antwort', en: 'answer' },
  answerMany: { de: 'Antworten', en: 'answers' },
  cliMean: { de: 'Mittelwert {v}', en: 'mean {v}' },
  cliQuestionId: { de: 'ID {id}, {type}', en: 'id {id}, {type}' },
  cliWithout: { de: 'ohne {waves}', en: 'without {waves}' },
  cliWaves: { de: 'Wellen:', en: 'waves:' },
  waveOf: { de: 'Welle vom {date}', en: 'Wave of {date}' },
  waveAfter: { de: 'Nach «{title}» vom {date}', en: 'After "{title}" on {date}' },
  waveOfInline: { de: 'Welle vom {date}', en: 'wave of {date}' },
  waveAfterInline: { de: 'nach «{title}» vom {date}', en: 'after "{title}" on {date}' },
  cliOpen: { de: ' (offen)', en: ' (open)' },
  cliDepartments: { de: 'Abteilungen:', en: 'departments:' },
  cliDeptWithout: {
    de: ' (ohne {waves}: dort {n} eingeladen, weniger als {min}, bei den Personen ohne Abteilung gezählt)',
    en: ' (without {waves}: {n} invited there, fewer than {min}, counted with the people without a department)',
  },
  invitationOne: { de: 'Einladung', en: 'invitation' },
  invitationMany: { de: 'Einladungen', en: 'invitations' },
  runOne: { de: 'Durchgang', en: 'run' },
  runMany: { de: 'Durchgänge', en: 'runs' },
  cliListOpen: { de: 'davon {n} offen', en: '{n} open' },
  // a recurring wave a send held back (src/surveys/scheduler.ts, sendHoldingWave)
  waveSkipped: { de: '{wave} ausgelassen: der Durchgang {run} war noch offen (niemand wird zweimal eingeladen)', en: '{wave} skipped: run {run} was still open (nobody is invited twice)' },
  cliListNone: { de: 'noch keine Umfragen (itbot survey create DATEI, oder itbot demo load)', en: 'no surveys yet (itbot survey create FILE, or itbot demo load)' },
  cliOpenSoFar: { de: ' (offen, bisher {n})', en: ' (open, {n} so far)' },
  // an open run's figures as at its last step (docs/surveys.md, "Live results move in steps")
  steppedAsOf: { de: 'Zahlen beim Stand von {shown}', en: 'Figures as of {shown}' },
  steppedSoFarOne: { de: 'bisher hat 1 Person geantwortet', en: '1 person has answered so far' },
  steppedSoFarMany: { de: 'bisher haben {n} Personen geantwortet', en: '{n} people have answered so far' },
  // a closed run's figures leave out the answers after its last step (docs/surveys.md, "At the close")
  heldBackOne: { de: '1 spätere Antwort ist zum Schutz der Anonymität nicht mitgezählt.', en: '1 later answer is left out to protect anonymity.' },
  heldBackMany: { de: '{n} spätere Antworten sind zum Schutz der Anonymität nicht mitgezählt.', en: '{n} later answers are left out to protect anonymity.' },
  heldBackQuestionOne: { de: '1 spätere Antwort auf diese Frage ist zum Schutz der Anonymität nicht mitgezählt.', en: '1 later answer to this question is left out to protect anonymity.' },
  heldBackQuestionMany: { de: '{n} spätere Antworten auf diese Frage sind zum Schutz der Anonymität nicht mitgezählt.', en: '{n} later answers to this question are left out to protect anonymity.' },
  steppedWave: {
    de: 'Solange die Umfrage offen ist, werden sie alle {every} Antworten nachgeführt, damit niemand aus dem Unterschied zweier Blicke eine einzelne Antwort ablesen kann.',
    en: 'While the survey is open, they update every {every} answers, so that nobody can tell a single answer from the difference between two looks.',
  },
  steppedDepartment: {
    de: 'Solange die Umfrage offen ist, werden sie nachgeführt, sobald eine Abteilung {every} weitere Antworten hat, damit niemand aus dem Unterschied zweier Blicke eine einzelne Antwort ablesen kann.',
    en: 'While the survey is open, they update each time a department has {every} more answers, so that nobody can tell a single answer from the difference between two looks.',
  },
  responseOne: { de: 'Antwort', en: 'response' },
  responseMany: { de: 'Antworten', en: 'responses' },
  cliListNotSent: { de: 'noch nicht versendet', en: 'not sent yet' },
  cliListFirstWave: { de: 'erste Welle am {date} um {time}', en: 'first wave on {date} at {time}' },
  anon_anonymous: { de: 'anonym', en: 'anonymous' },
  anon_confidential: { de: 'vertraulich', en: 'confidential' },
  anon_named: { de: 'namentlich', en: 'named' },
  helpLine: {
    de: '«Wie viele aus meinem Team haben die Umfrage noch nicht beantwortet?»: der Rücklauf Ihres Teams (für Vorgesetzte, nur als Zahl)',
    en: '"How many of my team have not answered the survey?": your team\'s response count (managers, numbers only)',
  },
});

/**
 * A withheld reason of the results (stable English text in the JSON) in the reader's language,
 * for the command line's text output and the admin pages.
 */
export function withheldText(lang: 'de' | 'en', why: string): string {
  if (lang === 'en') return why;
  // the group size is in the English text only as its number
  const n = Number(/\d+/.exec(why)?.[0] ?? 1);
  for (const reason of [fewerResponses, fewerAnswers]) if (why === reason(n)) return reason(n, lang);
  return FIXED_REASONS_DE.get(why) ?? why;
}

/** The reasons that say "withheld" themselves ("withheld so that smaller departments …"). */
const SAYS_WITHHELD = new Set([SMALLER_DEPARTMENTS, SMALLER_GROUPS_QUESTION, WITHHELD_IN_A_WAVE]);

/**
 * "withheld: fewer than 3 responses", or the reason alone where it says "withheld" itself
 * ("withheld so that smaller departments cannot be worked out from the total"), never
 * "withheld: withheld so that …"; German alike ("zurückgehalten: weniger als 3 Antworten",
 * "zurückgehalten, damit …"). `all`: of every figure ("all figures withheld: …",
 * "alle Zahlen zurückgehalten, damit …"). `capital`: at the start of a sentence.
 */
export function withheldSentence(lang: 'de' | 'en', why: string, opts: { all?: boolean; capital?: boolean } = {}): string {
  const reason = withheldText(lang, why);
  const text = SAYS_WITHHELD.has(why)
    ? (opts.all ? `${st(lang, 'allFigures')} ` : '') + reason
    : st(lang, opts.all ? 'cliAllWithheld' : 'cliWithheld', { reason });
  return opts.capital ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** "2 later answers are left out to protect anonymity." (a closed run's `heldBack`) */
export function heldBackText(lang: 'de' | 'en', n: number): string {
  return n === 1 ? st(lang, 'heldBackOne') : st(lang, 'heldBackMany', { n });
}

/** "1 later answer to this question is left out to protect anonymity." (a question's `heldBack`) */
export function heldBackQuestionText(lang: 'de' | 'en', n: number): string {
  return n === 1 ? st(lang, 'heldBackQuestionOne') : st(lang, 'heldBackQuestionMany', { n });
}

/**
 * The line under the figures of an open run that moves in steps: "Figures as of 3 responses
 * (4 people have answered so far). While the survey is open, they update every 3 answers, …".
 */
export function steppedText(lang: 'de' | 'en', stepped: Stepped, shown: number): string {
  const shownText = `${shown} ${st(lang, shown === 1 ? 'responseOne' : 'responseMany')}`;
  const soFar = stepped.responsesSoFar === 1 ? st(lang, 'steppedSoFarOne') : st(lang, 'steppedSoFarMany', { n: stepped.responsesSoFar });
  const rule = st(lang, stepped.per === 'wave' ? 'steppedWave' : 'steppedDepartment', { every: stepped.every });
  return `${st(lang, 'steppedAsOf', { shown: shownText })} (${soFar}). ${rule}`;
}

/**
 * A survey wave in words: "Welle vom 6. Juli 2026" for the scheduler's and `itbot survey send`'s
 * waves, "Nach «Info-Anlass» vom 27. November 2026" for a plan event's follow-up, with the run's
 * own title in parentheses where it differs from the survey's. A run key chosen by hand
 * (`--run-key`) is its own name. `inSentence`: as said inside a sentence ("wave of 6 July 2026",
 * "nach «Info-Anlass» vom …").
 */
export function waveWords(runKey: string, runTitle: Bi, surveyTitle: Bi, lang: 'de' | 'en', inSentence = false): string {
  const title = pick(runTitle, lang);
  const own = title === pick(surveyTitle, lang);
  const m = /^(?:wave|send):(\d{4}-\d{2}-\d{2})$/.exec(runKey);
  if (m) return st(lang, inSentence ? 'waveOfInline' : 'waveOf', { date: formatDay(m[1]!, lang) }) + (own ? '' : ` (${title})`);
  const p = /^plan:.+:(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}$/.exec(runKey);
  if (p) return st(lang, inSentence ? 'waveAfterInline' : 'waveAfter', { title, date: formatDay(p[1]!, lang) });
  return own ? runKey : `${runKey} (${title})`;
}
