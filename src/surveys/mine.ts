import type { Intent, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { sharedAnswer } from '../chat/core-feature.ts';
import { pick, quote } from '../i18n/index.ts';
import { invitationNow, openRunsFor, runTitle } from './runs.ts';
import { st } from './texts.ts';

/** The words that name a survey ("Umfrage", "survey", "IT-Puls"). */
const SURVEY_WORDS = new Set(['umfrage', 'umfragen', 'befragung', 'befragungen', 'survey', 'surveys', 'puls', 'pulse']);
/** Words around them that ask no more than "my surveys": "meine offenen Umfragen?", "is there a survey for me". */
const ASKING_WORDS = new Set([
  'meine', 'meinen', 'offene', 'offenen', 'aktuelle', 'aktuellen', 'laufende', 'laufenden', 'welche', 'gibt', 'es', 'eine', 'noch',
  'für', 'fur', 'mich', 'bitte', 'zeig', 'zeige', 'mir', 'die', 'der', 'den', 'ich', 'habe', 'hab',
  'my', 'open', 'current', 'any', 'which', 'is', 'are', 'there', 'a', 'an', 'show', 'me', 'for', 'please', 'the', 'do', 'i', 'have',
]);

/** "Umfrage", "meine Umfragen", "any surveys for me?": the person's own open surveys, not a catalog question. */
function asksForOwnSurveys(text: string): boolean {
  const words = normalize(text).replace(/[?!.,:;"]/g, ' ').split(' ').filter(Boolean).map((w) => w.replace(/^it-/, ''));
  return words.length <= 8 && words.some((w) => SURVEY_WORDS.has(w)) && words.every((w) => SURVEY_WORDS.has(w) || ASKING_WORDS.has(w));
}

/**
 * The surveys open for the person: those waiting for their answer again, with their buttons or
 * form (an invitation scrolled away, a reminder deleted), else that they have answered them all,
 * else that none is open for them; a manager is told how to ask for their team's response count.
 * In a channel or group chat, read by all its members, none of it is shown (a card there would
 * show everyone the asker's surveys, and the answer recorded when one is clicked): the person is
 * asked to write in the direct chat.
 */
function mySurveysReply(ctx: TurnContext): OutMessage[] {
  const { app, lang, person } = ctx;
  if (sharedAnswer(ctx.event)) {
    const text = st(lang, 'mineDirect');
    return [{ text, lang, blocks: [{ type: 'header', text: st(lang, 'mineTitle') }, { type: 'text', text }] }];
  }
  const open = person ? openRunsFor(app, person.email) : [];
  const waiting = open.filter((o) => !o.answered);
  const titles = (list: typeof open) => list.map(({ run, def }) => quote(pick(runTitle(def, run), lang), lang)).join(', ');
  const text = waiting.length
    ? st(lang, waiting.length === 1 ? 'mineWaitingOne' : 'mineWaitingMany', { titles: titles(waiting) })
    : open.length
      ? st(lang, 'mineAllAnswered', { titles: titles(open) })
      : st(lang, 'mineNone');
  const lines = person?.manager ? [text, st(lang, 'mineManager')] : [text];
  const head: OutMessage = { text: lines.join('\n'), lang, blocks: [{ type: 'header', text: st(lang, 'mineTitle') }, ...lines.map((l) => ({ type: 'text' as const, text: l }))] };
  return [head, ...waiting.slice(0, 3).map((o) => invitationNow(app, o, lang, person?.timezone ?? null))];
}

export const mySurveysIntent: Intent = {
  name: 'survey-mine',
  match: (text) => (asksForOwnSurveys(text) ? 0.85 : 0),
  handle: mySurveysReply,
};
