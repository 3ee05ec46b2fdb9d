import type { App } from '../app-types.ts';
import { tx } from '../store/db.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import { InputError, type Problem } from '../errors.ts';
import { parseCatalogFile } from './files.ts';
import type { SectionForm } from './validate.ts';
import type { Service } from './model.ts';
import { buildIndex } from './search-index.ts';
import { parseAudience } from '../people/audience.ts';

export interface ImportResult {
  services: number;
  answers: number;
  deleted: number;
  format: string;
  /** reported, but the file is imported (e.g. replacedBy on an active service) */
  warnings: Problem[];
}

/**
 * `--replace` with a file that gives no services (a section written with nothing in it, as when
 * every entry is commented out; no section at all; a CSV without rows) would remove the whole
 * catalog: refused. Emptying it on purpose takes an explicit `services: []`. Likewise an
 * `answers:` written with nothing in it does not remove the official answers (no section at all
 * still means a catalog without them).
 */
function refuseEmptyReplace(repo: CatalogRepo, file: string, format: string, sections: Record<'services' | 'answers', SectionForm>, storedServices: number): void {
  const problems: Problem[] = [];
  const empty = (section: string) => (format === 'json' ? `"${section}": []` : `${section}: []`);
  const n = (k: number, one: string, many: string) => `${k === 1 ? 'the' : `all ${k}`} ${k === 1 ? one : many}`;
  if (sections.services !== 'list' && storedServices > 0) {
    const why = format === 'csv' ? 'no rows' : sections.services === 'empty' ? 'the "services" section is empty' : 'no "services" section';
    const how = format === 'csv' ? 'import a YAML file with services: []' : `write ${empty('services')}`;
    problems.push({ file, field: 'services', message: `the file has no services (${why}) and --replace would remove ${n(storedServices, 'service', 'services')} of the catalog; nothing changed (to empty the catalog on purpose, ${how})` });
  }
  const storedAnswers = sections.answers === 'empty' ? repo.counts().answers : 0;
  if (storedAnswers > 0) {
    problems.push({ file, field: 'answers', message: `the file has no official answers (the "answers" section is empty) and --replace would remove ${n(storedAnswers, 'official answer', 'official answers')}; nothing changed (to remove them on purpose, write ${empty('answers')})` });
  }
  if (problems.length) throw new InputError(problems);
}

/**
 * A warning for a `department:NAME` audience that names no department the bot knows (neither an
 * id of the departments file nor a department of the people directory): the card would tell
 * everyone, that department's people too, that the service is not for them. A department's name
 * in words ("Finanzen" for the id "Finance") is named with the id to write. Null (no check) while
 * neither the departments file nor the directory has been imported: there is nothing to compare.
 */
function departmentCheck(app: App): ((s: Service) => string | null) | undefined {
  const departments = app.people.departments();
  const inDirectory = new Set(app.people.departmentCounts().flatMap((d) => (d.department ? [d.department.toLowerCase()] : [])));
  if (!departments.length && !inDirectory.size) return undefined;
  const ids = new Set(departments.map((d) => d.id.toLowerCase()));
  const byName = new Map<string, string>();
  for (const d of departments) for (const n of [d.nameDe, d.nameEn]) if (n && !byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), d.id);
  return (s) => {
    const audience = parseAudience(s.audience);
    if (typeof audience === 'string') return null;
    const unknown = audience.flatMap((t) => (t.kind === 'department' && !ids.has(t.name.toLowerCase()) && !inDirectory.has(t.name.toLowerCase()) ? [t.name] : []));
    if (!unknown.length) return null;
    const parts = unknown.map((n) => {
      const id = byName.get(n.toLowerCase());
      return id ? `"department:${n}" names a department by its name: write its id, department:${id}` : `"department:${n}" matches no department of the departments file or the people directory (yet)`;
    });
    return `${parts.join('; ')}: as written it includes no one, so the card tells that department's people the service is not for them`;
  };
}

/**
 * Imports a catalog file, all or nothing: every problem is reported before anything is
 * written, and the write, the checks against what stays in the database and the new search
 * index happen in one transaction. Same ids are updated; `replace` makes the file the whole
 * catalog (a CSV file, which has no official answers, then replaces the services only). A CSV
 * file has no unknown fields either: a service it updates keeps the ones stored, and those it
 * has no columns for.
 */
export function importCatalog(app: App, file: string, opts: { replace?: boolean } = {}): ImportResult {
  const repo = new CatalogRepo(app.db);
  const replace = !!opts.replace;
  // (what is read here is let go as soon as it is written: with 100,000 services each copy of the
  // catalog costs hundreds of MB, and the index below is built from the catalog as written)
  let stored: Map<string, Service> | undefined = new Map(repo.services().map((s) => [s.id, s]));
  let parsed: ReturnType<typeof parseCatalogFile> | undefined = parseCatalogFile(file, replace ? new Map() : stored, stored, { audienceNote: departmentCheck(app) });
  const { format, warnings, sections } = parsed;
  if (replace) refuseEmptyReplace(repo, file, format, sections, stored.size);
  // (the CSV form has no columns for the fields the bot does not know: a service it updates keeps
  // those it has, also with --replace, so a CSV export edited and imported again loses nothing)
  if (format === 'csv') {
    for (const s of parsed.catalog.services) {
      const extra = stored.get(s.id)?.extra;
      if (extra) s.extra = extra;
    }
  }
  stored = undefined;
  return tx(app.db, () => {
    const r = repo.write(parsed!.catalog, { replace, replaceAnswers: replace && format !== 'csv', now: app.clock.now().toISOString() });
    parsed = undefined;
    // what stays from before may point at services this file removed (the catalog as written,
    // read once: checked here, then indexed)
    const services = repo.services();
    const answers = repo.answers();
    const ids = new Set(services.map((s) => s.id));
    const problems: Problem[] = [];
    for (const s of services) {
      if (s.replacedBy && !ids.has(s.replacedBy)) problems.push({ file, entry: `service ${s.id} (already in the catalog)`, field: 'replacedBy', message: `would point at "${s.replacedBy}", which this import removes` });
    }
    for (const a of answers) {
      for (const sid of a.services) if (!ids.has(sid)) problems.push({ file, entry: `answer ${a.id} (already in the catalog)`, field: 'services', message: `would point at "${sid}", which this import removes` });
    }
    if (problems.length) throw new InputError(problems);
    const idx = buildIndex(services, answers);
    repo.reindex(idx.rows, idx.plainRows);
    return { ...r, format, warnings };
  });
}
