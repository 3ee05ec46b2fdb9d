import { texts } from '../../src/i18n/index.ts';

/** The few texts the Teams adapter shows itself (everything else comes from the core). */
export const teamsTexts = texts({
  turnFailed: {
    de: 'Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es nochmals.',
    en: 'Sorry, something went wrong. Please try again.',
  },
});
