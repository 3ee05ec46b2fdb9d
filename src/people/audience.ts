import type { PeopleRepo } from '../store/people-repo.ts';
import type { Person } from './person.ts';

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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// an address as the people directory accepts it (no list separators either)
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** Is this one plain e-mail address (what an owner field holds)? */
export function isEmailAddress(v: string): boolean {
  return ADDRESS.test(v);
}

/** Parses an audience value; returns an error message instead of throwing. */
export function parseAudience(value: unknown): Audience | string {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return 'an empty audience list';
  const out: Audience = [];
  for (const raw of items) {
    if (typeof raw !== 'string' || raw.trim() === '') return `"${String(raw)}" is not an audience (use all, managers, it-staff, department:NAME or an e-mail)`;
    const v = raw.trim();
    if (v === 'all') out.push({ kind: 'all' });
    else if (v === 'managers') out.push({ kind: 'managers' });
    else if (v === 'it-staff') out.push({ kind: 'it-staff' });
    else if (v.startsWith('department:') && v.length > 'department:'.length) out.push({ kind: 'department', name: v.slice('department:'.length).trim() });
    else if (EMAIL.test(v)) out.push({ kind: 'email', email: v.toLowerCase() });
    else return `"${v}" is not an audience (use all, managers, it-staff, department:NAME or an e-mail)`;
  }
  return out;
}

export function formatAudience(a: Audience): string | string[] {
  const parts = a.map((t) =>
    t.kind === 'department' ? `department:${t.name}` : t.kind === 'email' ? t.email : t.kind,
  );
  return parts.length === 1 ? parts[0]! : parts;
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
        return p?.department?.toLowerCase() === IT_DEPARTMENT.toLowerCase();
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
