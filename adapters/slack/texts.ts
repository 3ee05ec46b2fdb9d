import { texts } from '../../src/i18n/index.ts';

/** What the Slack adapter itself says (everything else comes from the core). */
export const slackTexts = texts({
  openForm: { de: 'Ausfüllen', en: 'Fill in' },
  formTitle: { de: 'Formular', en: 'Form' },
  cancel: { de: 'Abbrechen', en: 'Cancel' },
  required: { de: 'Bitte füllen Sie dieses Feld aus.', en: 'Please fill in this field.' },
  tooLong: { de: 'Höchstens {max} Zeichen (jetzt {length}). Bitte kürzen Sie den Text.', en: 'At most {max} characters (now {length}). Please shorten the text.' },
  formGone: {
    de: 'Dieses Formular ist nicht mehr gültig. Bitte fragen Sie noch einmal.',
    en: 'This form is no longer valid. Please ask again.',
  },
  buttonGone: {
    de: 'Diese Schaltfläche ist nicht mehr gültig. Bitte fragen Sie noch einmal.',
    en: 'This button is no longer valid. Please ask again.',
  },
  formFailed: {
    de: 'Das Formular liess sich gerade nicht öffnen. Bitte klicken Sie nochmals auf «Ausfüllen».',
    en: 'The form could not be opened just now. Please click "Fill in" again.',
  },
  answerRefused: {
    de: 'Slack konnte diese Antwort nicht anzeigen. Bitte fragen Sie genauer nach oder wenden Sie sich an den IT-Helpdesk.',
    en: 'Slack could not show this answer. Please ask more specifically, or contact the IT helpdesk.',
  },
  working: { de: 'Einen Moment bitte …', en: 'One moment please …' },
  truncated: {
    de: '… (gekürzt: Slack zeigt höchstens {max} Blöcke; fragen Sie genauer nach)',
    en: '… (shortened: Slack shows at most {max} blocks; ask more specifically)',
  },
  homeTitle: { de: 'IT-Bot der Informatik', en: 'The IT department\'s bot' },
  homeSearch: {
    de: 'Fragen Sie mich im Tab «Nachrichten» in Ihren eigenen Worten, z. B. «Wie bekomme ich VPN?», oder tippen Sie {command} gefolgt von Ihrer Frage in einem beliebigen Kanal.',
    en: 'Ask me in the Messages tab in your own words, e.g. "How do I get VPN?", or type {command} followed by your question in any channel.',
  },
  homeUpcoming: { de: 'Kommende IT-Anlässe', en: 'Upcoming IT events' },
  homeSurveys: { de: 'Offene Umfragen', en: 'Open surveys' },
  homeNothing: { de: 'Zurzeit nichts.', en: 'Nothing at the moment.' },
  homeHelp: { de: 'Hilfe', en: 'Help' },
  homeContact: { de: 'Meine IT-Ansprechperson', en: 'My IT contact' },
});
