// Language knowledge for catalog search: words that carry no meaning in a question, Swiss
// German words and their standard German, synonyms across de/en, and phrases that mean
// "broken". General knowledge about how people ask IT, never about one catalog's services.

/** Function words, question words and chat filler in German, Swiss German and English. */
export const STOPWORDS = new Set(
  (
    // German
    'aber alle allem allen aller alles als also am an ans aufs fürs übers ums vors ander andere anderen auch auf aus bei beim bin bis bitte bist da dabei damit dann das dass dem den denn der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwa etwas euch euer für gegen gibt gib hab habe haben hat hast hatte hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in ins ist ja jemand jetzt kann kannst können könnte man mein meine meinem meinen meiner meines mich mir mit muss musst müssen möchte möchten nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so soll sollte sollen sonst über um und uns unser unsere unter viel vom von vor war waren was weil welche welcher welches wem wen wenn wer werde werden wie wieder wieso warum weshalb wir wird wo woher wohin wurde würde zu zum zur hallo hi hey danke merci grüezi gruezi guten tag morgen heute gestern jetzt sofort schnell bald immer mal gerne gern eigentlich irgendwie irgendwo irgendwann bekommen bekomme kriege kriegen brauche brauchen braucht benötige benötigen will wollen hätte hätten gerne kurz frage fragen tun machen mache kann darf dürfen sagen sag weiss wissen mehr schon einfach ganz neu neue neuer neues neuen gehen geht genau leider ok okay ab seit komme kommen kommt rein raus hinein herein drin dran darauf davon dazu ja nein januar februar märz april mai juni juli august september oktober november dezember montag dienstag mittwoch donnerstag freitag woche monat jahr ende anfang mitte pro je lang lange starten startet erste ersten erster finde finden findet suche suchen sucht versucht versuche probiert mal male' +
    ' ' +
    // Swiss German
    'isch sind bin hesch het hend händ han ha cha chan chasch chönd chönnt mis mini min mine minere dis dini em en es e de d dr s vo vom uf im ir ine use abe ufe nöd nid nüd nüm nümme öppis eppis öpper wie wo wänn wenn wieso werum gits git gits hät hets ich mir mer mich mi dich di sie si er är mer üs öis bruch bruuch bruuche brauch bruucht bruche sött söll muess mues mue muesch mache mach tue tuet do dä die das hüt hüte morn jetzt grad scho no au oder aber gäll gell sali hoi salü bi bim bin bisch wär wärded wärdet wärde wird wirsch simmer sind neui neue neu säge sage seg gits git hät hetti wett wetti möcht möchti grüessech merci danke bitte mal emal chli chlii ganz eifach ächt echt irgendwie' +
    ' ' +
    // English
    'january february march april may june july august september october november december monday tuesday wednesday thursday friday week month year many much lot lots few times time every per each long ask asking asked tries try trying tried start starts started starting first find finding found search searching look looking ' +
    'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself hello hi hey thanks thank please pls plz today tomorrow yesterday asap quickly quick urgent need needs needed want wanted wants get gets got getting give like know tell let lets make may might must shall im ive id dont cant wont doesnt isnt arent didnt whats wheres hows whos thats theres also still already anyone someone something anything way new one'
  ).split(/\s+/).filter(Boolean),
);

/**
 * Light words: generic verbs, intensifiers and judgements that rarely say which service a
 * question is about ("see", "fix", "mega", "falsch"). They still count, at a third of their
 * weight, and an unknown one does not make a question look out of scope.
 */
export const WEAK_WORDS = new Set(
  (
    // German and Swiss German
    'sehen sehe siehst sieht gesehen gseh gsehn gsehe ansehen anschauen schauen schaue luege lueg zeigen zeigt zeige aussehen aussieht ' +
    'gseht usgseht nutzen nutze benutzen benutze verwenden verwende brauchen gebrauchen arbeiten arbeite schaffe funktionieren ' +
    'mega huere voll total echt extrem wirklich völlig komplett super ziemlich recht gut schlecht richtig falsch ander anders ' +
    'flicken flick reparieren machen erledigen ' +
    // English
    'see sees seeing view viewing look looks show shows use uses using used work works working fix fixed fixing ' +
    'really totally completely very super pretty quite good bad right wrong thing things stuff somehow back'
  ).split(/\s+/).filter(Boolean),
);

/**
 * Workplace words that are not about IT (pay, holidays, canteen, parking, weather, building):
 * when the catalog does not know such a word, it is what the question is about, and the
 * question is most likely out of scope. A catalog that does know the word (a parking app, a
 * time-recording system) searches it like any other word.
 */
export const OFF_TOPIC = new Set(
  (
    // German and Swiss German
    'ferien ferie urlaub ferientage ferientag feiertag feiertage lohn löhn gehalt salär lohnabrechnung pensionskasse ahv steuer steuern ' +
    'steuererklärung krank chrank krankheit krankmeldung krankgeschrieben arzt arztzeugnis unfall mutterschaft vaterschaft elternzeit ' +
    'kündigungsfrist überstunden überzeit kantine mensa cafeteria mittagessen zmittag essen znüni kaffee kafi kaffeemaschine ' +
    'getränke parkplatz parkplätze parkieren parkhaus velo fahrrad garage firmenauto dienstwagen geschäftsauto billett wetter wätter ' +
    'regen schnee sonne temperatur heizung heizig klimaanlage licht liecht lampe lift aufzug toilette wc reinigung putzen putze putzt ' +
    'stuhl stuel bürostuhl garderobe spind kleider berufskleidung uniform restaurant apéro apero feier jubiläum ' +
    'geburtstag weihnachtsessen ausflug hund katze brille zahnarzt bewerbung stelleninserat lehrstelle bitcoin aktie aktien börse ' +
    // English
    'vacation vacations holiday holidays sick sickness illness doctor salary wage wages payroll paycheck tax taxes overtime ' +
    'canteen cafeteria lunch dinner breakfast food coffee snack snacks parking bike bicycle weather rain snow sunny ' +
    'temperature heating heater aircon lamp elevator toilet toilets restroom chair chairs locker ' +
    'wardrobe uniform clothes glasses dentist celebration birthday christmas dog dogs cat pet vacancy vacancies recruiting ' +
    'revenue bitcoin restaurant'
  ).split(/\s+/).filter(Boolean),
);

/** Swiss German (and common colloquial) word -> standard German word(s). */
export const SWISS: Record<string, string> = {
  natel: 'handy', händy: 'handy', compi: 'computer', kompi: 'computer', zrugg: 'zurück', zrugsetze: 'zurücksetzen', zruggsetze: 'zurücksetzen',
  zrugghole: 'wiederherstellen', zrughole: 'wiederherstellen', dihei: 'zuhause', daheim: 'zuhause', dihai: 'zuhause', hei: 'zuhause',
  gascht: 'gast', gäscht: 'gäste', gaht: 'geht', goht: 'geht', glöscht: 'gelöscht', gsperrt: 'gesperrt', gschäft: 'geschäft',
  gschäftsmail: 'geschäftsmail', bstelle: 'bestellen', bschtelle: 'bestellen', rächt: 'rechte', rächte: 'rechte', zueständig: 'zuständig',
  törf: 'darf', dörf: 'darf', sitzig: 'sitzung', sitzige: 'sitzung', sitzigszimmer: 'sitzungszimmer', mäntig: 'montag', zischtig: 'dienstag',
  mittwuch: 'mittwoch', dunschtig: 'donnerstag', fritig: 'freitag', wuchenänd: 'wochenende', wochenänd: 'wochenende', amälde: 'anmelden',
  amäld: 'anmelde', aamälde: 'anmelden', ilogge: 'einloggen', iloge: 'einloggen', uslogge: 'ausloggen', chume: 'komme', chunt: 'kommt',
  dateie: 'dateien', verschlüsslet: 'verschlüsselt', installiere: 'installieren', aafange: 'anfangen', fangt: 'fängt', pension: 'pensionierung',
  pensioniert: 'pensionierung', gang: 'gehe', schaffe: 'arbeiten', büez: 'arbeit', mitarbeiterin: 'mitarbeiter', lehrling: 'lernende',
  stift: 'lernende', zügle: 'umziehen', zügeln: 'umziehen', zügelt: 'umzug', velo: 'fahrrad', druckä: 'drucken', drucke: 'drucken', usdrucke: 'ausdrucken',
  plakat: 'poster', kopiere: 'kopieren', schicke: 'schicken', schickä: 'schicken', verschicke: 'verschicken', lade: 'laden', uflade: 'hochladen',
  abelade: 'herunterladen', sueche: 'suchen', finde: 'finden', alte: 'alten', vergässe: 'vergessen', vergäse: 'vergessen', passwörtli: 'passwort',
  kaputt: 'kaputt', futsch: 'kaputt', hinüber: 'kaputt', verreckt: 'kaputt', lauft: 'läuft', stürzt: 'abstürzen', abstürze: 'abstürzen',
  langsam: 'langsam', lahm: 'langsam', schnäller: 'schneller', bildschirm: 'bildschirm', mus: 'maus', muus: 'maus', tastatur: 'tastatur',
  kafi: 'kaffee', znüni: 'pause', zmittag: 'mittagessen', ferie: 'ferien', lohn: 'lohn', spesä: 'spesen', chef: 'vorgesetzte', chefin: 'vorgesetzte',
  abgloffe: 'abgelaufen', abgloffä: 'abgelaufen', gloffe: 'gelaufen', gstohle: 'gestohlen', gstole: 'gestohlen', verlore: 'verloren',
  verloore: 'verloren', gfunde: 'gefunden', gschickt: 'geschickt', chaufe: 'kaufen', poschte: 'kaufen', bstellt: 'bestellt',
  chaputt: 'kaputt', aaluege: 'anschauen', ufmache: 'öffnen', uftue: 'öffnen', spichere: 'speichern', abspeichere: 'speichern',
  aalüte: 'anrufen', alüte: 'anrufen', lüte: 'anrufen', telefoniere: 'telefonieren', schriibe: 'schreiben', lösche: 'löschen',
  wächsle: 'wechseln', gwächslet: 'gewechselt', tuusche: 'tauschen', tusche: 'tauschen', abegheit: 'heruntergefallen',
  verchratzt: 'zerkratzt', hanget: 'hängt', neustarte: 'neustarten', aastelle: 'einschalten', abstelle: 'abstellen', iirichte: 'einrichten',
  irichte: 'einrichten', verbinde: 'verbinden', teile: 'teilen', druckere: 'drucker', bildschirmli: 'bildschirm',
  piepser: 'pager', piepsi: 'pager', fernseh: 'fernseher', gwüss: 'gewiss',
  überchume: 'bekommen', übercho: 'bekommen', überchumsch: 'bekommen', überchunt: 'bekommt', wlan: 'wlan', wifi: 'wlan', hotspot: 'wlan', internet: 'internet',
};

/**
 * Synonym groups (de and en in one group where they mean the same). A query word that
 * matches one member also looks for the others, at a small discount.
 */
export const SYNONYMS: string[][] = [
  ['handy', 'natel', 'mobiltelefon', 'smartphone', 'mobile', 'cellphone', 'iphone', 'geschäftshandy', 'diensthandy', 'firmenhandy', 'phone'],
  ['laptop', 'notebook', 'computer', 'pc', 'compi', 'thinkpad'],
  ['bildschirm', 'monitor', 'screen', 'display'],
  ['drucker', 'printer', 'drucken', 'print', 'printing', 'ausdrucken', 'kopierer', 'multifunktionsgerät', 'copier'],
  ['passwort', 'kennwort', 'password', 'pw', 'passwd', 'pin'],
  ['zurücksetzen', 'reset', 'rücksetzen', 'vergessen', 'forgot', 'forgotten', 'entsperren', 'unlock'],
  ['gesperrt', 'locked', 'blockiert', 'blocked', 'lockout'],
  ['anmelden', 'anmeldung', 'login', 'einloggen', 'signin', 'logon', 'log', 'sign'],
  ['wlan', 'wifi', 'wireless', 'hotspot', 'internet', 'online', 'surfen', 'surf', 'browsen'],
  ['gast', 'gäste', 'guest', 'guests', 'besucher', 'visitor', 'visitors', 'lieferant', 'supplier', 'externe', 'external', 'partner', 'partnerfirma', 'dienstleister', 'contractor'],
  ['email', 'mail', 'mails', 'e-mail', 'outlook', 'postfach', 'mailbox', 'inbox'],
  ['kalender', 'calendar', 'termin', 'termine', 'appointment'],
  ['sitzung', 'meeting', 'besprechung', 'sitzungszimmer', 'besprechungsraum', 'meetingraum', 'konferenzraum', 'room', 'raum'],
  ['kamera', 'camera', 'webcam', 'video', 'videokonferenz', 'videocall', 'hybrid', 'hybride'],
  ['telefon', 'phone', 'telefonie', 'telephony', 'anruf', 'call', 'calls', 'anrufen', 'festnetz', 'landline'],
  ['kaputt', 'defekt', 'abgestürzt', 'absturz', 'abstürzen', 'crash', 'crashed', 'offline', 'broken', 'damaged', 'beschädigt', 'störung', 'ausfall', 'fehler', 'error', 'problem', 'fault', 'faulty'],
  ['langsam', 'slow', 'träge', 'sluggish', 'lahm', 'performance', 'schwach', 'weak', 'underpowered', 'leistung'],
  ['gestohlen', 'stolen', 'verloren', 'lost', 'diebstahl', 'theft', 'verlegt', 'left', 'liegengelassen', 'missing'],
  ['software', 'programm', 'programme', 'app', 'apps', 'application', 'anwendung', 'tool', 'tools', 'lizenz', 'license', 'licence'],
  ['installieren', 'install', 'installation', 'einrichten', 'setup'],
  ['bestellen', 'order', 'beantragen', 'antrag', 'request', 'anfordern', 'bestellung'],
  ['kosten', 'preis', 'price', 'cost', 'costs', 'kostet', 'chf', 'franken', 'gebühr', 'fee'],
  ['ablage', 'speicher', 'storage', 'dateien', 'files', 'file', 'dokumente', 'documents', 'ordner', 'folder', 'folders'],
  ['laufwerk', 'drive', 'netzlaufwerk', 'share', 'fileserver'],
  ['gelöscht', 'deleted', 'löschen', 'delete', 'weg', 'verschwunden', 'missing', 'gone'],
  ['wiederherstellen', 'restore', 'recover', 'recovery', 'zurückholen', 'backup', 'sicherung', 'zurückbekommen'],
  ['zuhause', 'homeoffice', 'home', 'remote', 'daheim', 'heimarbeit', 'fernzugriff', 'unterwegs'],
  ['schulung', 'kurs', 'kurse', 'training', 'course', 'courses', 'weiterbildung', 'lernen', 'learn', 'workshop', 'tutorial'],
  ['neuer', 'neueintritt', 'eintritt', 'onboarding', 'starter', 'joiner', 'joining', 'neuen', 'anfangen', 'fängt', 'hire', 'hiring', 'newcomer'],
  ['austritt', 'offboarding', 'leaver', 'leaving', 'kündigung', 'pensionierung', 'retirement', 'retire', 'verlässt', 'leaves', 'abgeben', 'return'],
  ['zugang', 'zugriff', 'access', 'berechtigung', 'berechtigungen', 'rechte', 'permission', 'permissions', 'rights'],
  ['phishing', 'spam', 'betrug', 'scam', 'verdächtig', 'suspicious', 'komisch', 'seltsam', 'strange', 'weird', 'fake', 'gefälscht'],
  ['link', 'links', 'geklickt', 'klicken', 'clicked', 'click'],
  ['tablet', 'ipad', 'tablets'],
  ['toner', 'patrone', 'patronen', 'druckerpatrone', 'tinte', 'cartridge', 'ink', 'kartusche'],
  ['usb', 'stick', 'usbstick', 'speicherstick', 'thumbdrive', 'flashdrive'],
  ['verschlüsselt', 'encrypted', 'verschlüsselung', 'encryption'],
  ['helpdesk', 'servicedesk', 'support', 'hotline', 'hilfe', 'supportcenter'],
  ['wochenende', 'weekend', 'samstag', 'sonntag', 'saturday', 'sunday', 'nachts', 'night', 'abends', 'evening', 'feiertag', 'holiday', 'pikett', 'notfall', 'emergency'],
  ['bericht', 'berichte', 'report', 'reports', 'reporting', 'dashboard', 'auswertung', 'auswertungen', 'kennzahlen', 'analytics'],
  ['schnittstelle', 'interface', 'api', 'integration'],
  ['beratung', 'consulting', 'advice', 'projekt', 'project', 'digitalisierung', 'digitalization', 'automatisieren', 'automate'],
  ['ki', 'ai', 'chatgpt', 'gpt', 'copilot', 'künstliche', 'artificial', 'intelligence', 'chatbot'],
  ['sicherheit', 'security', 'sicher', 'secure', 'cyber', 'cybersecurity'],
  ['poster', 'plakat', 'grossformat', 'plotter', 'a0', 'a1', 'large', 'banner'],
  ['vertrag', 'contract', 'abo', 'abonnement', 'subscription'],
  ['maus', 'mouse', 'tastatur', 'keyboard', 'headset', 'kopfhörer', 'headphones', 'dockingstation', 'docking', 'dock', 'zubehör', 'accessories', 'adapter', 'kabel', 'cable', 'ladegerät', 'charger'],
  ['abschalten', 'abgeschaltet', 'abschaltung', 'ausser', 'eingestellt', 'discontinued', 'switched', 'retired', 'ablösung', 'phased', 'shutdown', 'abgelöst', 'abstellen', 'abgestellt', 'ausschalten', 'ausgeschaltet', 'switch off'],
  ['chat', 'teams', 'chatten', 'kanal', 'channel', 'chats'],
  ['intranet', 'webseite', 'website', 'homepage', 'sharepoint', 'publizieren', 'publish', 'veröffentlichen'],
  ['kunde', 'kunden', 'customer', 'customers', 'client', 'clients', 'kundschaft'],
  ['verkauf', 'sales', 'vertrieb', 'verkäufer', 'verkäuferin', 'salesperson'],
  ['offerte', 'offerten', 'quote', 'quotes', 'angebot'],
  ['lohnabrechnung', 'lohnausweis', 'payslip', 'salary', 'pay'],
  ['spesen', 'expenses', 'spesenabrechnung'],
  ['konto', 'account', 'benutzerkonto', 'useraccount', 'benutzer', 'user', 'login'],
  ['server', 'hosting', 'vm', 'virtuell', 'virtual', 'rechenzentrum', 'datacenter'],
  ['datenbank', 'database', 'db', 'sql'],
  ['virus', 'viren', 'malware', 'schadsoftware', 'trojaner', 'ransomware', 'antivirus', 'virenschutz'],
  ['zertifikat', 'certificate', 'ssl', 'tls'],
  ['scanner', 'scannen', 'scan', 'einscannen', 'scanning'],
  ['beamer', 'projektor', 'projector', 'präsentation', 'presentation'],
  ['badge', 'ausweis', 'badges', 'zutritt', 'zutrittskarte', 'keycard', 'batch'],
  ['ticket', 'störungsmeldung', 'incident', 'meldung', 'melden', 'report'],
  ['update', 'updates', 'aktualisierung', 'aktualisieren', 'patch', 'upgrade'],
  ['datenschutz', 'privacy', 'dsgvo', 'gdpr', 'dsg', 'personendaten'],
  ['archiv', 'archive', 'archivieren', 'archiving', 'aufbewahrung', 'retention', 'aufbewahren'],
  ['signatur', 'signature', 'unterschrift', 'unterschreiben', 'sign', 'esignatur', 'esignature'],
  ['übersetzung', 'translation', 'übersetzen', 'translate', 'deepl'],
  ['teilen', 'share', 'sharing', 'freigeben', 'freigabe', 'gemeinsam', 'shared'],
  ['senden', 'schicken', 'verschicken', 'send', 'transfer', 'übertragen', 'versenden'],
  ['gross', 'grosse', 'grosses', 'large', 'big', 'huge', 'riesig'],
  ['kaufen', 'buy', 'purchase', 'beschaffen', 'beschaffung', 'procurement', 'anschaffen'],
  ['ersatz', 'replacement', 'ersetzen', 'replace', 'tausch', 'austausch', 'swap', 'erneuerung'],
  ['wartung', 'maintenance', 'unterbruch', 'downtime', 'outage', 'unterbrechung'],
  ['remote', 'fernwartung', 'fernsteuerung', 'teamviewer', 'bildschirmfreigabe', 'screensharing'],
  ['verbindung', 'connection', 'connect', 'verbinden', 'verbindet', 'disconnect', 'disconnecting', 'getrennt', 'unterbrochen'],
  ['ausland', 'abroad', 'reise', 'travel', 'travelling', 'hotel', 'unterwegs', 'roaming'],
  ['synchronisieren', 'sync', 'syncing', 'synchronisiert', 'synchronisation', 'abgleich'],
  ['excel', 'tabelle', 'spreadsheet', 'tabellen', 'spreadsheets'],
  ['pager', 'piepser', 'pieper', 'funkrufempfänger', 'beeper', 'bleeper', 'piepsen', 'beep', 'beeps'],
  ['fernseher', 'fernsehen', 'fernseh', 'tv', 'television', 'glotze'],
  ['überschrieben', 'überschreiben', 'overwrite', 'overwrote', 'overwritten', 'vorgängerversion', 'version', 'versions'],
  ['alarm', 'alarmierung', 'alert', 'alerts', 'aufgebot', 'alarmieren', 'notruf'],
  ['diktieren', 'diktat', 'diktiergerät', 'dictation', 'dictate', 'spracherkennung', 'speech'],
  ['mikrofon', 'microphone', 'mic', 'mikro'],
  ['zahlen', 'numbers', 'figures', 'statistik', 'statistics', 'kpi', 'metrics'],
  ['firma', 'unternehmen', 'company', 'geschäft', 'business', 'dienstlich', 'geschäftlich', 'corporate'],
  ['mfa', '2fa', 'zweifaktor', 'zwei-faktor', 'multifaktor', 'twofactor', 'two-factor', 'authenticator', 'authentifizierung', 'authentication', 'bestätigungscode', 'verification'],
  ['sso', 'single-sign-on', 'singlesignon', 'einmalanmeldung'],
  ['m365', 'o365', 'office365', 'microsoft365'],
  ['leer', 'empty', 'aufgebraucht', 'nachfüllen', 'refill'],
  ['verfügbar', 'available', 'verfügbarkeit', 'availability', 'erhältlich', 'einführung', 'rollout', 'launch', 'lancierung', 'go-live', 'golive', 'release'],
  ['alt', 'alte', 'alter', 'old', 'veraltet', 'outdated', 'obsolete'],
  ['geschäftsleitung', 'management', 'board', 'verwaltungsrat', 'führung', 'executive', 'executives', 'direktion', 'kader'],
  ['warten', 'wait', 'waiting', 'dauert', 'dauern', 'takes', 'lieferzeit', 'delay', 'wartezeit', 'verzögerung'],
  ['auswählen', 'auswahl', 'evaluieren', 'evaluation', 'evaluate', 'choose', 'choosing', 'select', 'selection', 'beraten', 'beratung', 'advice', 'consulting', 'empfehlung', 'recommend'],
  ['erlaubt', 'allowed', 'permitted', 'zulässig', 'approved', 'genehmigt', 'genehmigung', 'approval', 'darf', 'dürfen'],
  ['deal', 'deals', 'opportunity', 'opportunities', 'pipeline', 'lead', 'leads', 'verkaufschance', 'verkaufschancen'],
  ['privat', 'private', 'personal', 'eigene', 'eigenes', 'eigenen', 'own', 'byod'],
];

/** Phrases that say someone leaves the company. */
export const LEAVING_PHRASES: RegExp[] = [
  /\b(hort|hoert|hört|hört) (.{0,30} )?auf\b/,
  /\b(verlasst|verlässt|verlassen|verlaat|verlaht) (.{0,20} )?(firma|unternehmen|uns|company)\b/,
  /\b(is|am|are) (leaving|quitting)\b|\blast (working )?day\b|\bletzte[rn]? (arbeits)?tag\b/,
];

/** Phrases that say "I cannot get in": the account, not the device. */
export const LOGIN_PHRASES: RegExp[] = [
  /\b(komme?|chume?|kommt)\b.{0,40}\b(nicht|nöd|nid|nod)\b.{0,40}\b(rein|ine|hinein)\b/,
  /\b(can'?t|cannot|can not|unable to|won'?t let me|cant|wont let me) (log|sign|get) ?(in|on)\b/,
  /\b(log|sign) ?(in|on)\b.{0,30}\b(forgot|forgotten|vergessen)\b|\b(forgot|forgotten|vergessen)\b.{0,40}\b(log|sign) ?(in|on)\b/,
  /\b(locked out|ausgesperrt|gesperrt|gsperrt|blocked account)\b/,
];

/** Phrases that say "it does not work", in all three languages. */
export const BROKEN_PHRASES: RegExp[] = [
  /\b(geht|gaht|goht|lauft|läuft|funktioniert|funktionierts?|tuet|tut|klappt|klapt|startet|druckt|verbindet) ?(nöd|nid|nüd|nicht|nüm|nümme|nimmer|mehr nicht|gar nicht|kaum)\b/,
  /\b(not|isn'?t|aren'?t|doesn'?t|won'?t|can'?t|cannot|stopped|stops) ?(working|work|start|starting|connect|connecting|print|printing|turn on|load|loading|sync|syncing)\b/,
  /\b(broken|kaputt|defekt|dead|crashed|abgestürzt|hängt|freezes|frozen)\b/,
  /\b(bleibt|blibt|isch|ist|is|stays|went|goes) (.{0,10} )?(schwarz|black|blank|dunkel|dark)\b|\bblack screen\b/,
];

/** Common German words that compound splitting may use as parts, beyond the catalog's own words. */
export const BASE_WORDS = (
  'passwort konto zugang zugriff drucker druck bildschirm laptop computer handy telefon netz netzwerk laufwerk daten datei dateien ordner ' +
  'speicher sicherung kalender mail post fach postfach sitzung zimmer raum kamera video konferenz gast gäste wlan internet software programm ' +
  'lizenz antrag bestellung rücksetzung zurücksetzung wiederherstellung änderung einrichtung installation berechtigung rechte schulung kurs ' +
  'eintritt austritt arbeit platz arbeitsplatz büro heim home office zuhause geschäft firma dienst projekt bericht auswertung abteilung ' +
  'schlüssel karte ausweis badge papier patrone toner farbe gerät geräte stick maus tastatur kabel station docking fern wartung störung ' +
  'sicherheit schutz viren kosten preis stelle nummer anruf ablage verbindung zertifikat signatur vorlage portal anmeldung abmeldung ' +
  // general German nouns and verb stems that often make up workplace compounds
  'funktion team gruppe leitung sekretariat empfang zentrale kunde kunden lieferant partner mitarbeiter personal person benutzer ' +
  'system anwendung programm dienst service hilfe support frage auftrag anfrage meldung nachricht brief dokument formular vertrag ' +
  'rechnung beleg quittung liste plan termin zeit tag woche monat jahr nacht schicht notfall alarm ruf funk ton bild foto film ' +
  'fernseh fernseher kopf hörer mikrofon lautsprecher tisch wand zimmer saal halle haus gebäude lager werk stand ort standort ' +
  'telefon handy natel netz leitung kabel strom akku batterie lade ladung stecker schirm tasten taste maus drucker kopierer scanner ' +
  'etikette etiketten papier karte ausweis schlüssel code nummer zugang tür tor lift auto wagen velo reise spesen lohn ferien ' +
  'diktier diktat sprache sprach text schreib lese druck kopie scan video sprech sprechstunde besprechung sitzung konferenz ' +
  'konto passwort kennwort zugang rechte gast gäste besucher bericht daten datei ordner ' +
  'laufwerk speicher cloud online internet wlan web seite mail post fach kalender kontakt kontakte adresse verteiler ' +
  'sicherung kopie version wiederherstellung löschung änderung erneuerung ablösung einführung schulung kurs anleitung handbuch ' +
  'störung fehler problem ausfall absturz wartung update aktualisierung installation einrichtung bestellung lieferung ersatz'
).split(/\s+/);
