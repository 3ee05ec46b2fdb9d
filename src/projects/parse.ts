import { readYaml } from '../files/yaml.ts';
import { InputError, type Problem } from '../errors.ts';
import { parseAudience, type AudienceTerm } from '../people/audience.ts';
import { bi } from '../files/texts.ts';
import { checkPeople, type Directory } from '../plan/parse.ts';
import { PHASES, type Milestone, type Phase, type Project } from './model.ts';
import { eachEntry } from '../files/entries.ts';

const FIELDS = new Set(['id', 'title', 'changes', 'audience', 'phase', 'owner', 'link', 'milestones']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (2027-02-30 is not). YAML may hand us a Date for an unquoted day. */
export function calendarDay(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v !== 'string' || !DAY.test(v.trim())) return null;
  const s = v.trim();
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

/**
 * Validates a projects file (YAML per CONTRACT.md). Collects every problem with file,
 * entry (`projects[2] (id erp-upgrade)`) and field; throws an InputError when there is any.
 */
export function parseProjects(text: string, file: string, dir: Directory, warnings: Problem[] = []): Project[] {
  const { doc, problem } = readYaml(text, file);
  if (problem) throw new InputError([problem]);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !Array.isArray((doc as { projects?: unknown }).projects)) {
    throw new InputError([{ file, field: 'projects', message: 'required: a list of projects (projects: [...])' }]);
  }
  const problems: Problem[] = [];
  for (const k of Object.keys(doc)) if (k !== 'projects') problems.push({ file, field: k, message: 'unknown field (expected projects)' });
  const out: Project[] = [];
  eachEntry((doc as { projects: unknown[] }).projects, { file, name: 'projects', fields: FIELDS, problems, warnings }, ({ e: r, id, at, warn }) => {
    const title = bi(r.title, { field: 'title', warn });
    if (typeof title === 'string') at('title', r.title === undefined ? 'required' : title);
    const changes = bi(r.changes, { field: 'changes', warn });
    if (typeof changes === 'string') at('changes', r.changes === undefined ? 'required: what changes for the people it concerns' : changes);
    let audience: string[] = ['all'];
    let terms: AudienceTerm[] = [];
    if (r.audience !== undefined) {
      const a = parseAudience(r.audience);
      if (typeof a === 'string') at('audience', a);
      else {
        audience = (Array.isArray(r.audience) ? r.audience : [r.audience]).map((x) => String(x).trim());
        terms = a;
      }
    }
    const phase = typeof r.phase === 'string' ? r.phase.trim() : '';
    if (!phase) at('phase', 'required: planned, running or done');
    else if (!(PHASES as readonly string[]).includes(phase)) at('phase', `"${phase}" is not a phase (use planned, running or done)`);
    const owner = checkPeople(dir, terms, { value: r.owner, required: 'the e-mail of the project owner', note: 'the announcements name the owner as the contact once it is known' }, at, warn);
    let link: string | null = null;
    if (r.link !== undefined && r.link !== null) {
      if (typeof r.link !== 'string' || !/^https?:\/\/\S+$/.test(r.link.trim())) at('link', `"${String(r.link)}" is not an http(s) URL`);
      else link = r.link.trim();
    }
    const milestones: Milestone[] = [];
    if (r.milestones !== undefined && r.milestones !== null) {
      if (!Array.isArray(r.milestones)) at('milestones', 'expected a list of {date, title}');
      else {
        const dates = new Set<string>();
        r.milestones.forEach((m, j) => {
          const f = `milestones[${j}]`;
          if (!m || typeof m !== 'object' || Array.isArray(m)) return at(f, 'expected {date: YYYY-MM-DD, title: ...}');
          const mm = m as Record<string, unknown>;
          for (const k of Object.keys(mm)) if (k !== 'date' && k !== 'title') at(`${f}.${k}`, 'unknown field (expected date, title)');
          const date = calendarDay(mm.date);
          if (!date) at(`${f}.date`, mm.date === undefined ? 'required: YYYY-MM-DD' : `"${String(mm.date)}" is not a date (YYYY-MM-DD)`);
          else if (dates.has(date)) at(`${f}.date`, `two milestones on ${date}`);
          else dates.add(date);
          const t = bi(mm.title, { field: `${f}.title`, warn });
          if (typeof t === 'string') at(`${f}.title`, mm.title === undefined ? 'required' : t);
          if (date && typeof t !== 'string') milestones.push({ date, title: t });
        });
        milestones.sort((a, b) => a.date.localeCompare(b.date));
      }
    }
    if (typeof title !== 'string' && typeof changes !== 'string') {
      out.push({ id, title, changes, audience, phase: phase as Phase, owner, link, milestones });
    }
  });
  if (problems.length) throw new InputError(problems);
  return out;
}
