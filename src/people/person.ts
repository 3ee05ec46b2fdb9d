import type { Lang } from '../chat/model.ts';

/** A person of the directory. */
export interface Person {
  id: number;
  email: string;
  name: string;
  department: string | null;
  manager: boolean;
  /** the directory's language (people file); wins over everything else */
  language: Lang | null;
  /** the language of the person's chat client at their last activity (its locale), kept by the bot */
  clientLanguage?: Lang | null;
  timezone: string | null;
  slackUserId: string | null;
  teamsUserId: string | null;
  vip: boolean;
  active: boolean;
}

export interface Department {
  id: string;
  nameDe: string | null;
  nameEn: string | null;
  keyAccountEmail: string | null;
  itChannelSlack: string | null;
  itChannelTeams: string | null;
}

export function departmentName(d: Department | null | undefined, lang: Lang): string | null {
  if (!d) return null;
  return (lang === 'de' ? d.nameDe : d.nameEn) ?? d.id;
}

/**
 * The language to write to a person in, on the bot's own (reminders, invitations, newsletters)
 * as in the replies to their clicks: the directory's, else their chat client's as last seen, else
 * the default (ITBOT_LANG).
 */
export function personLanguage(person: Pick<Person, 'language' | 'clientLanguage'> | null | undefined, fallback: Lang): Lang {
  return person?.language ?? person?.clientLanguage ?? fallback;
}
