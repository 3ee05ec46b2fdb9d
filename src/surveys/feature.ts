import type { Feature } from '../app-types.ts';
import { answerAction, changeAction, submitAction, submitGuard } from './answer.ts';
import { registerSurveyCommands } from './cli.ts';
import { loadSurveyDemo } from './demo.ts';
import { ANSWER_ACTION, CHANGE_ACTION, SUBMIT_ACTION } from './messages.ts';
import { mySurveysIntent } from './mine.ts';
import { resultsIntent } from './ask-results.ts';
import { progressIntent } from './progress.ts';
import { startSurveyScheduler } from './scheduler.ts';
import { typedAnswerIntent } from './typed.ts';
import { st } from './texts.ts';

/**
 * Satisfaction and pulse surveys in chat: definitions (`itbot survey create`), runs and
 * waves with invitations and reminders through the outbox, answering by click or form,
 * anonymity enforced in the data model, results with the group-size rule, result cards.
 */
export const surveysFeature: Feature = {
  name: 'surveys',
  intents: [progressIntent, typedAnswerIntent, mySurveysIntent, resultsIntent],
  actions: {
    [ANSWER_ACTION]: answerAction,
    [SUBMIT_ACTION]: submitAction,
    [CHANGE_ACTION]: changeAction,
  },
  formGuards: { [SUBMIT_ACTION]: submitGuard },
  helpLines: (lang) => [st(lang, 'mineHelpLine'), st(lang, 'helpLine')],
  cli: registerSurveyCommands,
  start: (app) => startSurveyScheduler(app),
  demo: loadSurveyDemo,
};
