import { fold } from '../chat/normalize.ts';
import type Database from 'better-sqlite3';
import { cachedStatement, type Db } from './db.ts';
import type { Department, Person } from '../people/person.ts';
import type { Lang } from '../chat/model.ts';

interface PersonRow {
  id: number;
  email: string;
  name: string;
  department: string | null;
  manager: number;
  language: string | null;
  client_language: string | null;
  timezone: string | null;
  slack_user_id: string | null;
  teams_user_id: string | null;
  vip: number;
  active: number;
}

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    department: r.department,
    manager: r.manager === 1,
    language: (r.language as Lang | null) ?? null,
    clientLanguage: (r.client_language as Lang | null) ?? null,
    timezone: r.timezone,
    slackUserId: r.slack_user_id,
    teamsUserId: r.teams_user_id,
    vip: r.vip === 1,
    active: r.active === 1,
  };
}

interface DeptRow {
  id: string;
  name_de: string | null;
  name_en: string | null;
  key_account_email: string | null;
  it_channel_slack: string | null;
  it_channel_teams: string | null;
}

function toDept(r: DeptRow): Department {
  return {
    id: r.id,
    nameDe: r.name_de,
    nameEn: r.name_en,
    keyAccountEmail: r.key_account_email,
    itChannelSlack: r.it_channel_slack,
    itChannelTeams: r.it_channel_teams,
  };
}

/** Active people whose name, e-mail or department (id, German or English name) contains @like; all when @q is empty. */
const SEARCH_ACTIVE = `active = 1 AND (@q = '' OR instr(fold(name), @q) > 0 OR instr(fold(email), @q) > 0
  OR instr(fold(department), @q) > 0
  OR department COLLATE NOCASE IN (SELECT id FROM departments WHERE instr(fold(name_de), @q) > 0 OR instr(fold(name_en), @q) > 0))`;

export type PersonInput = Omit<Person, 'id' | 'active'>;

/** The people directory and departments. All SQL for them lives here. */
export class PeopleRepo {

  constructor(private readonly db: Db) {}

  /** statements prepared once per database (these run on every turn) */
  private st(sql: string): Database.Statement {
    return cachedStatement(this.db, sql);
  }

  byEmail(email: string): Person | null {
    const r = this.st('SELECT * FROM people WHERE email = ?').get(email) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  byId(id: number): Person | null {
    const r = this.st('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  bySlackId(id: string): Person | null {
    const r = this.st('SELECT * FROM people WHERE slack_user_id = ?').get(id) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  byTeamsId(id: string): Person | null {
    const r = this.st('SELECT * FROM people WHERE teams_user_id = ?').get(id) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  all(opts: { activeOnly?: boolean } = {}): Person[] {
    const sql = opts.activeOnly ? 'SELECT * FROM people WHERE active = 1 ORDER BY name' : 'SELECT * FROM people ORDER BY name';
    return (this.db.prepare(sql).all() as PersonRow[]).map(toPerson);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
  }

  /** Inserts or updates by e-mail; returns the id. */
  upsert(p: PersonInput): number {
    const r = this.st(
        `INSERT INTO people (email, name, department, manager, language, timezone, slack_user_id, teams_user_id, vip, active)
         VALUES (@email, @name, @department, @manager, @language, @timezone, @slackUserId, @teamsUserId, @vip, 1)
         ON CONFLICT(email) DO UPDATE SET name = excluded.name, department = excluded.department,
           manager = excluded.manager, language = excluded.language, timezone = excluded.timezone,
           slack_user_id = coalesce(excluded.slack_user_id, people.slack_user_id),
           teams_user_id = coalesce(excluded.teams_user_id, people.teams_user_id),
           vip = excluded.vip, active = 1
         RETURNING id`,
      ).get({ ...p, manager: p.manager ? 1 : 0, vip: p.vip ? 1 : 0 }) as { id: number };
    return r.id;
  }

  /** Marks everyone not in `emails` inactive (kept for history, no longer messaged); returns the e-mails of those it made inactive. */
  deactivateAllBut(emails: string[]): string[] {
    const keep = JSON.stringify(emails.map((e) => e.toLowerCase()));
    return (
      this.db
        .prepare('UPDATE people SET active = 0 WHERE active = 1 AND lower(email) NOT IN (SELECT value FROM json_each(?)) RETURNING email')
        .all(keep) as Array<{ email: string }>
    ).map((r) => r.email);
  }

  /** Takes a platform id from whoever holds it other than `email` (before an import gives it to `email`). */
  releasePlatformId(platform: 'slack' | 'teams', id: string, email: string): void {
    const col = platform === 'slack' ? 'slack_user_id' : 'teams_user_id';
    this.db.prepare(`UPDATE people SET ${col} = NULL WHERE ${col} = ? AND email <> ?`).run(id, email);
  }

  /** The language of the person's chat client at their last activity; true when it changed. */
  setClientLanguage(email: string, lang: Lang): boolean {
    return this.st('UPDATE people SET client_language = ? WHERE email = ? AND client_language IS NOT ?').run(lang, email, lang).changes > 0;
  }

  setPlatformId(email: string, platform: 'slack' | 'teams', id: string): void {
    this.releasePlatformId(platform, id, email);
    const col = platform === 'slack' ? 'slack_user_id' : 'teams_user_id';
    this.db.prepare(`UPDATE people SET ${col} = ? WHERE email = ?`).run(id, email);
  }

  department(id: string | null | undefined): Department | null {
    if (!id) return null;
    const r = this.st('SELECT * FROM departments WHERE id = ? COLLATE NOCASE').get(id) as DeptRow | undefined;
    return r ? toDept(r) : null;
  }

  departments(): Department[] {
    return (this.db.prepare('SELECT * FROM departments ORDER BY id').all() as DeptRow[]).map(toDept);
  }

  upsertDepartment(d: Department): void {
    this.db
      .prepare(
        `INSERT INTO departments (id, name_de, name_en, key_account_email, it_channel_slack, it_channel_teams)
         VALUES (@id, @nameDe, @nameEn, @keyAccountEmail, @itChannelSlack, @itChannelTeams)
         ON CONFLICT(id) DO UPDATE SET name_de = excluded.name_de, name_en = excluded.name_en,
           key_account_email = excluded.key_account_email, it_channel_slack = excluded.it_channel_slack,
           it_channel_teams = excluded.it_channel_teams`,
      )
      .run(d);
  }

  /**
   * Per department as the people file writes it (case-insensitively, as `department()` finds
   * it): how many active people, managers and VIPs it has. `department` null: people without one.
   */
  departmentCounts(): Array<{ department: string | null; people: number; managers: number; vips: number }> {
    return this.db
      .prepare(
        `SELECT min(department) AS department, count(*) AS people, sum(manager) AS managers, sum(vip) AS vips
         FROM people WHERE active = 1 GROUP BY department COLLATE NOCASE ORDER BY department COLLATE NOCASE`,
      )
      .all() as Array<{ department: string | null; people: number; managers: number; vips: number }>;
  }

  /** How many people are in the directory (active). */
  activeCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM people WHERE active = 1').get() as { n: number }).n;
  }

  /** How many people are kept for history only (no longer in the file imported with --replace). */
  inactiveCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM people WHERE active = 0').get() as { n: number }).n;
  }

  /**
   * A page of the active people, by name: those whose name, e-mail or department (its id or
   * its German or English name) contains `query`, whatever the case and accents (Ä, é and
   * ß fold as on Swiss keyboards: "muller" finds Müller), with how many match in all.
   */
  searchActive(query: string, limit: number, offset: number): { total: number; people: Person[] } {
    const params = { q: fold(query), limit, offset };
    const total = (this.st(`SELECT count(*) AS n FROM people WHERE ${SEARCH_ACTIVE}`).get(params) as { n: number }).n;
    const rows = this.st(`SELECT * FROM people WHERE ${SEARCH_ACTIVE} ORDER BY name, email LIMIT @limit OFFSET @offset`).all(params) as PersonRow[];
    return { total, people: rows.map(toPerson) };
  }

  /** The department's IT key account manager, when the directory knows one. */
  keyAccountFor(person: Person | null): Person | null {
    const d = this.department(person?.department);
    if (!d?.keyAccountEmail) return null;
    return this.byEmail(d.keyAccountEmail);
  }

  /** Members of a department, or managers, or everyone (active only). */
  audience(sel: { all?: boolean; managers?: boolean; department?: string; emails?: string[] }): Person[] {
    if (sel.emails) {
      return sel.emails.map((e) => this.byEmail(e)).filter((p): p is Person => p !== null && p.active);
    }
    if (sel.department) {
      return (this.db.prepare('SELECT * FROM people WHERE active = 1 AND department = ? COLLATE NOCASE ORDER BY email').all(sel.department) as PersonRow[]).map(toPerson);
    }
    if (sel.managers) {
      return (this.db.prepare('SELECT * FROM people WHERE active = 1 AND manager = 1 ORDER BY email').all() as PersonRow[]).map(toPerson);
    }
    return (this.db.prepare('SELECT * FROM people WHERE active = 1 ORDER BY email').all() as PersonRow[]).map(toPerson);
  }
}
