import { texts } from '../i18n/index.ts';

export const coreTexts = texts({
  greeting: {
    de: 'Grüezi {name}! Ich bin der IT-Bot der Informatik. Fragen Sie mich nach IT-Services, Ihrer IT-Ansprechperson oder kommenden IT-Anlässen. Schreiben Sie «hilfe» für eine Übersicht.',
    en: 'Hello {name}! I am the IT department\'s bot. Ask me about IT services, your IT contact or upcoming IT events. Type "help" for an overview.',
  },
  helpTitle: { de: 'Was ich für Sie tun kann', en: 'What I can do for you' },
  helpIntro: {
    de: 'Schreiben Sie mir einfach in Ihren eigenen Worten, auf Deutsch oder Englisch. Zum Beispiel:',
    en: 'Just write to me in your own words, in English or German. For example:',
  },
  // (in the words the bot answers with, never IT's own jargon such as "key account manager")
  helpContact: { de: '«Wer ist meine IT-Ansprechperson?»: Ihre IT-Ansprechperson für Ihre Abteilung und der Helpdesk', en: '"Who is my IT contact?": your IT contact for your department, and the helpdesk' },
  helpHelp: { de: '«hilfe»: diese Übersicht', en: '"help": this overview' },
  contactTitle: { de: 'Ihre IT-Ansprechperson', en: 'Your IT contact' },
  contactKnown: {
    de: 'Ihre IT-Ansprechperson für den Bereich «{department}» ist {name} ({email}). Bei Störungen hilft der Helpdesk: {helpdesk}.',
    en: 'For {department}, your IT contact is {name} ({email}). For incidents, the helpdesk helps: {helpdesk}.',
  },
  contactOfTitle: { de: 'IT-Ansprechperson für «{department}»', en: 'IT contact for {department}' },
  contactOfDepartment: {
    de: 'Die IT-Ansprechperson für den Bereich «{department}» ist {name} ({email}). Bei Störungen hilft der Helpdesk: {helpdesk}.',
    en: 'The IT contact for {department} is {name} ({email}). For incidents, the helpdesk helps: {helpdesk}.',
  },
  contactNoAccount: {
    de: 'Für den Bereich «{department}» ist noch keine IT-Ansprechperson hinterlegt. Der Helpdesk hilft gerne weiter: {helpdesk}.',
    en: 'No IT contact is set for {department} yet. The helpdesk is glad to help: {helpdesk}.',
  },
  contactUnknownPerson: {
    de: 'Ich kenne Ihre Abteilung noch nicht, darum kann ich Ihnen Ihre persönliche IT-Ansprechperson nicht nennen. Der Helpdesk hilft weiter: {helpdesk}.',
    en: 'I do not know your department yet, so I cannot name your personal IT contact. The helpdesk will help: {helpdesk}.',
  },
  contactNoDepartment: {
    de: 'Im Personenverzeichnis ist für Sie keine Abteilung eingetragen, darum kann ich Ihnen Ihre persönliche IT-Ansprechperson nicht nennen. Der Helpdesk hilft weiter: {helpdesk}.',
    en: 'The directory lists no department for you, so I cannot name your personal IT contact. The helpdesk will help: {helpdesk}.',
  },
  vipNote: {
    de: 'Als Mitglied der Geschäftsleitung bzw. Schlüsselperson wenden Sie sich direkt an {name}.',
    en: 'As a member of management or a key person, please contact {name} directly.',
  },
  unknown: {
    de: 'Das habe ich leider nicht verstanden. Fragen Sie mich z. B. «Wie bekomme ich VPN?» oder schreiben Sie «hilfe».',
    en: 'Sorry, I did not understand that. Ask me e.g. "How do I get VPN?" or type "help".',
  },
  fallbackContact: { de: 'Persönliche Hilfe: {name} ({email})', en: 'Personal help: {name} ({email})' },
  fallbackHelpdesk: { de: 'Helpdesk: {helpdesk}', en: 'Helpdesk: {helpdesk}' },
  helpdeskGeneric: { de: 'IT-Helpdesk', en: 'IT helpdesk' },
  vipForwarded: {
    de: 'Ich habe Ihre Frage an {name} weitergeleitet; Sie werden direkt kontaktiert.',
    en: 'I have forwarded your question to {name}, who will get back to you directly.',
  },
  vipForwardedPrivately: {
    de: 'Ihre Frage «{question}» konnte ich nicht sicher beantworten. Ich habe sie an {name} weitergeleitet; Sie werden direkt kontaktiert.',
    en: 'I could not answer your question "{question}" with confidence. I have forwarded it to {name}, who will get back to you directly.',
  },
  vipEscalationTitle: { de: 'Offene Frage von {name} (VIP)', en: 'Open question from {name} (VIP)' },
  vipEscalationNoAccount: {
    de: 'Für {name} ist keine IT-Ansprechperson erfasst, darum geht die Frage an Sie als Leitung der Informatik.',
    en: 'No IT contact is on record for {name}, so the question comes to you as head of IT.',
  },
  vipEscalationText: {
    de: '{name} ({department}) hat gefragt: «{question}». Der Bot konnte nicht sicher antworten. Bitte melden Sie sich direkt.',
    en: '{name} ({department}) asked: "{question}". The bot could not answer with confidence. Please get back to them directly.',
  },
  thanks: { de: 'Gern geschehen! Melden Sie sich jederzeit wieder.', en: 'You are welcome! Get back to me any time.' },
  tooLong: {
    de: 'Ihre Nachricht ist zu lang (mehr als {max} Zeichen). Bitte fassen Sie Ihre Frage kürzer.',
    en: 'Your message is too long (more than {max} characters). Please ask in fewer words.',
  },
  unknownAction: {
    de: 'Diese Schaltfläche ist nicht mehr gültig. Bitte fragen Sie noch einmal.',
    en: 'This button is no longer valid. Please ask again.',
  },
  textOnly: {
    de: 'Ich lese nur Text, keine Dateien oder Bilder. Bitte schreiben Sie Ihre Frage als Nachricht.',
    en: 'I read text only, not files or pictures. Please type your question as a message.',
  },
  internalError: {
    de: 'Da ist bei mir etwas schiefgelaufen. Bitte versuchen Sie es nochmals oder wenden Sie sich an den Helpdesk.',
    en: 'Something went wrong on my side. Please try again or contact the helpdesk.',
  },
  department: { de: 'Abteilung', en: 'Department' },
  email: { de: 'E-Mail', en: 'E-mail' },
  helpdesk: { de: 'Helpdesk', en: 'Helpdesk' },
});
