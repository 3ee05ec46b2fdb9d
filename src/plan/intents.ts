import type { Intent, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { pick } from '../i18n/index.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { concerns, skippedOccurrences, upcoming } from './upcoming.ts';
import { formatWhenFor } from './messages.ts';
import { askerTimeZone } from '../chat/time-zone.ts';
import { planTexts as t } from './texts.ts';

const UPCOMING =
  /^(\/?upcoming|\/?events|\/?anlässe|\/?termine)[\s?!.]*$|what'?s (coming up|happening|planned)(?! (for|with|about|to|on my|in my)\b)|what'?s next(?! (for|with|about)\b)|^what'?s (up|new in it)[\s?!.]*$|what is (coming up|happening|planned)(?! (for|with|about|to)\b)|(upcoming|next|coming) (it )?(events?|meetings?|dates?)|(was|wa) (steht|stoht|staht|läuft|lauft) (an|aa|a|bevor)\b|(was|wa) ist geplant(?! (für|mit|bei)\b)|^(was|wa) ist los[\s?!.]*$|(kommende|nächste|naechste) (it-?)?(anlässe|anlass|termine|veranstaltungen|events?)|(welche|was für) (it-?)?(anlässe|termine|veranstaltungen)/;

const DAYS = 30;
const MAX = 10;

/** "What's coming up?": the next occurrences that concern the asker (IT staff also see what they own). */
function reply(ctx: TurnContext): OutMessage[] {
  const { app, lang, person } = ctx;
  const p = new PlanRepo(app.db).plan();
  const now = app.clock.now();
  const items = p ? upcoming(p, now, new Date(now.getTime() + DAYS * 86_400_000), concerns(person), skippedOccurrences(app.db)).slice(0, MAX) : [];
  if (!p || items.length === 0) {
    const text = t(lang, 'upcomingNone', { days: DAYS });
    return [{ text, lang, blocks: [{ type: 'header', text: t(lang, 'upcomingTitle') }, { type: 'text', text }] }];
  }
  const lines = items.map((i) => {
    const own = person && i.owner === person.email.toLowerCase() ? ` ${t(lang, 'upcomingOwn')}` : '';
    // (in the asker's own time zone (the directory's, else their platform's), named when it is not the plan's)
    return `• ${t(lang, 'upcomingItem', { when: formatWhenFor(new Date(i.start), lang, p.timezone, askerTimeZone(ctx)), title: pick(i.title, lang) })}${own}`;
  });
  const text = lines.join('\n');
  return [{ text: `${t(lang, 'upcomingTitle')}\n${text}`, lang, blocks: [{ type: 'header', text: t(lang, 'upcomingTitle') }, { type: 'text', text }] }];
}

export const planIntents: Intent[] = [
  { name: 'plan.upcoming', match: (text) => (UPCOMING.test(normalize(text)) ? 0.9 : 0), handle: reply },
];
