import type { Lang } from '../chat/model.ts';

/** A person of the directory. */
export interface Person {
  id: number;
  email: string;
  name: string;
  department: string | null;
  manager: boolean;
  language: Lang | null;
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
