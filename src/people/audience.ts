import type { PeopleRepo } from '../store/people-repo.ts';
import type { Department, Person } from './person.ts';

/**
 * An audience as written in catalog, plan, survey and project files:
 * `all | managers | it-staff | department:NAME | an e-mail`, or a list of those (a union).
 */
export type AudienceTerm =
  | { kind: 'all' }
  | { kind: 'managers' }
  | { kind: 'it-staff' }
  | { kind: 'department'; name: string }
  | { kind: 'email'; email: string };

export type Audience = AudienceTerm[];

/** The department that `it-staff` stands for. */
export const IT_DEPARTMENT = 'IT';

/**
 * The head of IT: the person `configured` names (ITBOT_HEAD_OF_IT) while active in the directory,
 * else the (first) manager of the IT department; null when neither is there.
 */
export function headOfItIn(people: PeopleRepo, configured: string | undefined): Person | null {
  if (configured) {
    const p = people.byEmail(configured);
    if (p?.active) return p;
  }
  return people.audience({ department: IT_DEPARTMENT }).find((p) => p.manager) ?? null;
}

/**
 * The web chat channel of a department (`channel:{this}` in the web inbox): its id in the
 * departments file, or, without a row there, its name as the people directory writes it. Every
 * writer (plan announcements, survey result cards, project news) and the web chat's reader use
 * this one function, and the inbox compares it ignoring case, so a department is read and
 * written under the same key whether or not a departments file was imported (before or after).
 */
export function departmentChannel(repo: Pick<PeopleRepo, 'department'>, name: string): string {
  return channelOfDepartment(repo.department(name), name);
}

/** departmentChannel for a department already looked up (null: no row in the departments file). */
export function channelOfDepartment(dept: Department | null, name: string): string {
  return dept?.id ?? name;
}

/** Who reads a web chat channel, as the people directory selects them. */
export type ChannelReaders = Parameters<PeopleRepo['audience']>[0];

/**
 * The web chat channels an audience is posted to, each once (ignoring case), in the order its
 * terms name them: `all` for everyone, a department's (IT's for `it-staff`), `managers`; an
 * e-mail address has none. With each, who reads it.
 */
export function webChannelsOf(repo: Pick<PeopleRepo, 'department'>, a: Audience): Array<{ channel: string; readers: ChannelReaders }> {
  const out: Array<{ channel: string; readers: ChannelReaders }> = [];
  for (const t of a) {
    if (t.kind === 'all') out.push({ channel: 'all', readers: { all: true } });
    else if (t.kind === 'department' || t.kind === 'it-staff') {
      const name = t.kind === 'department' ? t.name : IT_DEPARTMENT;
      out.push({ channel: departmentChannel(repo, name), readers: { department: name } });
    } else if (t.kind === 'managers') out.push({ channel: 'managers', readers: { managers: true } });
  }
  return out.filter((c, i) => out.findIndex((d) => d.channel.toLowerCase() === c.channel.toLowerCase()) === i);
}

/** The web chat channels a person reads: everyone's, their department's, the managers' (a manager's). */
export function webChannelsRead(repo: Pick<PeopleRepo, 'department'>, p: Person): string[] {
  const out = ['all'];
  if (p.department) out.push(departmentChannel(repo, p.department));
  if (p.manager) out.push('managers');
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// an address as the people directory accepts it (no list separators either)
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** Is this one plain e-mail address (what an owner field holds)? */
export function isEmailAddress(v: string): boolean {
  return ADDRESS.test(v);
}

const USE = 'use all, managers, it-staff, department:NAME or an e-mail';

/** A term as it was written in the file: a YAML map entry (`department: Sales` in a list) as key: value. */
function asWritten(raw: unknown): string {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    return Object.entries(raw as Record<string, unknown>).map(([k, v]) => `${k}:${v === null || v === undefined ? '' : ` ${String(v)}`}`).join(', ');
  }
  return raw === null || raw === undefined ? '' : Array.isArray(raw) ? `[${raw.map(asWritten).join(', ')}]` : String(raw);
}

/**
 * Parses an audience value; returns an error message instead of throwing. The message names
 * every term that is not an audience, as written (with its position in a list).
 */
export function parseAudience(value: unknown): Audience | string {
  const list = Array.isArray(value);
  const items = list ? value : [value];
  if (items.length === 0) return 'an empty audience list';
  const out: Audience = [];
  const bad: string[] = [];
  let map = false;
  items.forEach((raw, i) => {
    const where = list ? `[${i}] ` : '';
    if (typeof raw !== 'string' || raw.trim() === '') {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) map = true;
      bad.push(`${where}"${asWritten(raw)}"`);
      return;
    }
    const v = raw.trim();
    if (v === 'all') out.push({ kind: 'all' });
    else if (v === 'managers') out.push({ kind: 'managers' });
    else if (v === 'it-staff') out.push({ kind: 'it-staff' });
    else if (v.startsWith('department:') && v.slice('department:'.length).trim() !== '') out.push({ kind: 'department', name: v.slice('department:'.length).trim() });
    else if (EMAIL.test(v)) out.push({ kind: 'email', email: v.toLowerCase() });
    else bad.push(`${where}"${v}"`);
  });
  if (!bad.length) return out;
  const hint = map ? '; YAML reads "department: NAME" (a space after the colon, or nothing after it) as a map: write department:NAME' : '';
  return `${bad.join(', ')} ${bad.length === 1 ? 'is not an audience' : 'are not audiences'} (${USE}${hint})`;
}

export function formatAudience(a: Audience): string | string[] {
  const parts = a.map((t) =>
    t.kind === 'department' ? `department:${t.name}` : t.kind === 'email' ? t.email : t.kind,
  );
  return parts.length === 1 ? parts[0]! : parts;
}

/** The terms of an audience in file syntax, always as a list (as a survey run keeps it). */
export function audienceTerms(a: Audience): string[] {
  const f = formatAudience(a);
  return Array.isArray(f) ? f : [f];
}

/** An audience for everyone (it names `all`): what a list read by a whole channel or group chat may name. */
export function forEveryone(audience: unknown): boolean {
  const a = parseAudience(audience);
  return typeof a !== 'string' && a.some((x) => x.kind === 'all');
}

/** Whether a person is IT staff (in the department `it-staff` stands for). */
export function isItStaff(p: Pick<Person, 'department'> | null | undefined): boolean {
  return p?.department?.toLowerCase() === IT_DEPARTMENT.toLowerCase();
}

/** Does the person belong to the audience? */
export function inAudience(p: Person | null, a: Audience): boolean {
  return a.some((t) => {
    switch (t.kind) {
      case 'all':
        return true;
      case 'managers':
        return !!p?.manager;
      case 'it-staff':
        return isItStaff(p);
      case 'department':
        return p?.department?.toLowerCase() === t.name.toLowerCase();
      case 'email':
        return p?.email.toLowerCase() === t.email;
    }
  });
}

/** Everyone (active) in the audience, each once, ordered by e-mail. */
export function resolveAudience(repo: PeopleRepo, a: Audience): Person[] {
  const seen = new Map<string, Person>();
  for (const t of a) {
    const list =
      t.kind === 'all'
        ? repo.audience({ all: true })
        : t.kind === 'managers'
          ? repo.audience({ managers: true })
          : t.kind === 'it-staff'
            ? repo.audience({ department: IT_DEPARTMENT })
            : t.kind === 'department'
              ? repo.audience({ department: t.name })
              : repo.audience({ emails: [t.email] });
    for (const p of list) seen.set(p.email.toLowerCase(), p);
  }
  return [...seen.values()].sort((x, y) => x.email.localeCompare(y.email));
}
