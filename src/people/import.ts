import { cancelForPeople, retimeForTimeZone, wakeWaitingFor } from '../store/outbox-repo.ts';
import { teamsChannelId } from '../chat/channel-id.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { retextForPerson } from '../surveys/runs.ts';
import { replanIssuesFor } from '../newsletter/issues.ts';
import { accessSync, closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { App } from '../app-types.ts';
import { InputError, type Problem } from '../errors.ts';
import type { PersonInput } from '../store/people-repo.ts';
import { personLanguage, type Department } from './person.ts';
import { cellCountProblem, readImportCsv, tooManyCells, withQuoteProblems } from './csv.ts';
import { tx } from '../store/db.ts';
import { utf8Text } from '../files/utf8.ts';

const PEOPLE_COLUMNS = ['email', 'name', 'department', 'manager', 'language', 'timezone', 'slack_user_id', 'teams_user_id'];
const DEPARTMENT_COLUMNS = ['department', 'name_de', 'name_en', 'key_account', 'it_channel_slack', 'it_channel_teams'];
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export function isTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== null;
}

/**
 * The zone's name with the capitals the time zone database gives it ("europe/zurich" is
 * Europe/Zurich), so that it compares equal to ITBOT_TIMEZONE and is shown as usual; a name the
 * runtime knows by another one (Asia/Kolkata as Asia/Calcutta) stays as written. Null for no
 * IANA zone.
 */
export function canonicalTimeZone(tz: string): string | null {
  const written = tz.trim();
  let known: string;
  try {
    known = new Intl.DateTimeFormat('en', { timeZone: written }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return known.toLowerCase() === written.toLowerCase() ? known : written;
}

/**
 * A yes/no cell: true/false, yes/no, 1/0, and what a spreadsheet set to German writes for
 * TRUE/FALSE when it saves a CSV (WAHR/FALSCH), or a German ja/nein; any case.
 */
function bool(v: string): boolean | null {
  const s = v.trim().toLowerCase();
  if (s === '' || s === 'false' || s === 'no' || s === '0' || s === 'falsch' || s === 'nein') return false;
  if (s === 'true' || s === 'yes' || s === '1' || s === 'wahr' || s === 'ja') return true;
  return null;
}

/** Why a file could not be read, in words (the system's code after them, for a search). */
function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'there is no such file',
    EACCES: 'permission denied (this user may not read it)',
    EPERM: 'permission denied (this user may not read it)',
    EISDIR: 'it is a directory, not a file',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many symbolic links in the path',
  };
  return code && why[code] ? `${why[code]} (${code})` : code ?? (e as Error).message;
}

/**
 * Refuses, as `readImportFile` would, a file to import that is missing, a directory or not
 * readable by this user, without opening it (a pipe is not read before its time): the command
 * line checks it before it opens, or creates, the database.
 */
export function checkImportFile(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new InputError([{ file, message: `cannot read the file: ${unreadable(e)}` }]);
  }
}

/**
 * The text of a file to import, at most `limit` bytes (a catalog says `for a catalog` after the
 * limit). Read up to one byte past the limit and no further, so that a device that never ends
 * (`/dev/zero`) or a file far too large is refused without being read whole; a pipe
 * (`/dev/stdin`) is read like a file.
 */
export function readImportFile(file: string, opts: { limit?: number; what?: string } = {}): string {
  const limit = opts.limit ?? MAX_IMPORT_BYTES;
  const tooLarge = (size: string) =>
    new InputError([{ file, message: `the file is ${size}larger than the ${limit / 1048576} MB limit${opts.what ? ` for ${opts.what}` : ''}` }]);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError([{ file, message: `cannot read the file: ${unreadable(e)}` }]);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError([{ file, message: `cannot read the file: ${unreadable({ code: 'EISDIR' })}` }]);
    if (st.isFile() && st.size > limit) throw tooLarge(`${(st.size / 1048576).toFixed(1)} MB, `);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new InputError([{ file, message: `cannot read the file: ${unreadable(e)}` }]);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge('');
    }
    // (a Windows-1252 export from a spreadsheet is refused at its first umlaut, not read as U+FFFD)
    return utf8Text(Buffer.concat(chunks, total), file);
  } finally {
    closeSync(fd);
  }
}

/** Validates a people CSV; returns the people (with the line each is on) or throws an InputError listing every problem. */
function parsePeopleCsv(text: string, file: string): { people: PersonInput[]; lines: number[] } {
  const { header, records, unread } = readImportCsv(text, file, 'a people CSV', '"Hans ""Hansi"" Muster"');
  const problems: Problem[] = [];
  const expected = [...PEOPLE_COLUMNS];
  const hasVip = header.length === 9 && header[8] === 'vip';
  if (header.slice(0, 8).join(',') !== expected.join(',') || (header.length > 8 && !hasVip)) {
    throw new InputError([{ file, entry: 'line 1', field: 'header', message: `expected "${expected.join(',')}[,vip]", got "${header.join(',')}"` }]);
  }
  const seen = new Map<string, number>();
  const seenIds = { slack: new Map<string, number>(), teams: new Map<string, number>() };
  const out: PersonInput[] = [];
  const lines: number[] = [];
  const zones = new Map<string, string | null>();
  for (const r of records) {
    const v = r.values;
    const at = (field: string, message: string) => problems.push({ file, entry: `line ${r.line}`, field, message });
    const wrongCount = cellCountProblem(header.length, r, 'count');
    if (wrongCount) at('columns', wrongCount);
    const email = v.email!.toLowerCase();
    if (!EMAIL.test(email)) at('email', `"${v.email}" is not an e-mail address`);
    else if (seen.has(email)) at('email', `duplicate e-mail ${email} (first on line ${seen.get(email)})`);
    else seen.set(email, r.line);
    if (!v.name) at('name', 'required');
    const manager = bool(v.manager ?? '');
    if (manager === null) at('manager', `"${v.manager}" is not true or false (or yes/no, 1/0, WAHR/FALSCH)`);
    const language = (v.language ?? '').toLowerCase();
    if (language !== '' && language !== 'de' && language !== 'en') at('language', `"${v.language}" is not de or en`);
    const written = v.timezone ?? '';
    // (any case is accepted, the canonical spelling stored)
    let tz = written === '' ? '' : zones.get(written);
    // (each zone the file names is looked up once: a directory names a few zones many times over)
    if (tz === undefined) zones.set(written, (tz = canonicalTimeZone(written)));
    if (tz === null) at('timezone', `"${written}" is not an IANA time zone (e.g. Europe/Zurich)`);
    const vip = hasVip ? bool(v.vip ?? '') : false;
    if (vip === null) at('vip', `"${v.vip}" is not true or false (or yes/no, 1/0, WAHR/FALSCH)`);
    for (const [platform, col] of [['slack', 'slack_user_id'], ['teams', 'teams_user_id']] as const) {
      const id = v[col];
      if (!id) continue;
      // (the directory compares Teams ids without case, as Entra ID does)
      const key = platform === 'teams' ? id.toLowerCase() : id;
      const prev = seenIds[platform].get(key);
      if (prev) at(col, `duplicate ${col} ${id} (first on line ${prev})`);
      else seenIds[platform].set(key, r.line);
    }
    out.push({
      email,
      name: v.name ?? '',
      department: v.department || null,
      manager: manager ?? false,
      language: (language || null) as PersonInput['language'],
      timezone: tz || null,
      slackUserId: v.slack_user_id || null,
      teamsUserId: v.teams_user_id || null,
      vip: vip ?? false,
    });
    lines.push(r.line);
  }
  // (the rows before a quoting problem are checked, so that one import lists what to correct)
  withQuoteProblems(problems, unread?.problems);
  if (problems.length) throw new InputError(problems);
  return { people: out, lines };
}

/**
 * A Slack or Teams id the file gives a person belongs to that person: whoever else in the
 * directory holds it gives it up, so a file that swaps or corrects ids imports in any order of
 * its lines. Taking it from an active person the file does not name is refused (that person's
 * line is missing, or the id is a typo), except with `replace`, which makes them inactive anyway;
 * an inactive one (a former e-mail address of the same account) gives it up.
 */
function movePlatformIds(app: App, file: string, people: PersonInput[], lines: number[], replace: boolean): void {
  const inFile = new Set(people.map((p) => p.email));
  const problems: Problem[] = [];
  const moves: Array<{ platform: 'slack' | 'teams'; id: string; email: string }> = [];
  people.forEach((p, i) => {
    for (const [platform, id, col, name] of [['slack', p.slackUserId, 'slack_user_id', 'Slack user id'], ['teams', p.teamsUserId, 'teams_user_id', 'Teams user id']] as const) {
      if (!id) continue;
      const holder = platform === 'slack' ? app.people.bySlackId(id) : app.people.byTeamsId(id);
      if (!holder || holder.email.toLowerCase() === p.email) continue;
      if (replace || !holder.active || inFile.has(holder.email.toLowerCase())) moves.push({ platform, id, email: p.email });
      else problems.push({ file, entry: `line ${lines[i]}`, field: col, message: `${id} is the ${name} of ${holder.email} in the directory, who is not in this file (correct the id, or add ${holder.email} with their own; --replace imports the whole directory)` });
    }
  });
  if (problems.length) throw new InputError(problems);
  for (const m of moves) app.people.releasePlatformId(m.platform, m.id, m.email);
}

/** Imports the people directory, all or nothing. `replace`: people not in the file become inactive. */
export function importPeople(app: App, file: string, opts: { replace?: boolean } = {}): { imported: number; deactivated: number } {
  const { people, lines } = parsePeopleCsv(readImportFile(file), file);
  return tx(app.db, () => {
    // a file without rows (an empty export, every line deleted) is an accident, not a decision to
    // let everybody go: as the catalog refuses a file without services, nothing is changed
    const active = opts.replace && people.length === 0 ? app.people.activeCount() : 0;
    if (active > 0) {
      throw new InputError([{ file, field: 'rows', message: `the file lists nobody (a header without rows) and --replace would make all ${active} ${active === 1 ? 'person' : 'people'} of the directory inactive; nothing changed` }]);
    }
    const now = app.clock.now();
    // each person as the directory has them before the import (null: new)
    const earlier = new Map(people.map((p) => [p.email, app.people.byEmail(p.email)] as const));
    // people whose time zone changes: what is queued for them keeps the new zone's working hours
    const moved = people.filter((p) => {
      const before = earlier.get(p.email);
      return before != null && before.timezone !== p.timezone;
    });
    // (and the language each known person is written to in now, to tell whose changes)
    const spoke = new Map(people.flatMap((p) => {
      const before = earlier.get(p.email);
      return before ? [[p.email, personLanguage(before, app.config.ITBOT_LANG)] as const] : [];
    }));
    // people who read an approved issue differently now (another language or version, in or out of its audience)
    const readers = people.filter((p) => {
      const b = earlier.get(p.email);
      return !b || !b.active || b.language !== p.language || (b.department ?? '').toLowerCase() !== (p.department ?? '').toLowerCase() || b.manager !== p.manager || b.vip !== p.vip;
    });
    movePlatformIds(app, file, people, lines, !!opts.replace);
    for (const p of people) app.people.upsert(p);
    replanIssuesFor(app, readers.map((p) => p.email));
    // people whose language changes (theirs in the directory, or the one it falls back to): what waits for them is written anew in it
    const relang = people.flatMap((p) => {
      const after = app.people.byEmail(p.email);
      const lang = after ? personLanguage(after, app.config.ITBOT_LANG) : null;
      return lang && spoke.has(p.email) && spoke.get(p.email) !== lang ? [{ email: p.email, lang }] : [];
    });
    for (const p of moved) retimeForTimeZone(app.db, p.email, p.timezone ?? app.config.ITBOT_TIMEZONE, now);
    for (const p of new Set([...moved.map((p) => p.email), ...relang.map((p) => p.email)])) {
      const person = app.people.byEmail(p)!;
      // (the plan's reminders give their time in the new zone, in the new language, when the scheduler queues them anew)
      retextForPerson(app, p, person.timezone ?? app.config.ITBOT_TIMEZONE, relang.find((r) => r.email === p)?.lang);
    }
    new PlanRepo(app.db).rescheduleOwnedBy([...moved, ...relang].map((p) => p.email));
    // a reminder that waited for one of them (named in a plan before the import) is due now: the server's worker
    // applies the working hours when it sends (this command's own ITBOT_WORKING_HOURS may not be the server's)
    wakeWaitingFor(app.db, people.map((p) => p.email), now);
    const deactivated = opts.replace ? app.people.deactivateAllBut(people.map((p) => p.email)) : [];
    // (what still waits for them would only end as dead messages in the outbox)
    cancelForPeople(app.db, deactivated, 'not sent: no longer active in the people directory (left out of a people import with --replace)');
    return { imported: people.length, deactivated: deactivated.length };
  });
}

/**
 * Departments CSV: `department,name_de,name_en,key_account,it_channel_slack,it_channel_teams`.
 * `key_account` is the e-mail of the department's IT key account manager (must be in the directory).
 */
export function importDepartments(app: App, file: string): { imported: number } {
  const { header, records, unread } = readImportCsv(readImportFile(file), file, 'a departments CSV', '"Verkauf ""Innendienst"""');
  if (header.join(',') !== DEPARTMENT_COLUMNS.join(',')) {
    throw new InputError([{ file, entry: 'line 1', field: 'header', message: `expected "${DEPARTMENT_COLUMNS.join(',')}", got "${header.join(',')}"` }]);
  }
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const depts: Department[] = [];
  for (const r of records) {
    const v = r.values;
    const at = (field: string, message: string) => problems.push({ file, entry: `line ${r.line}`, field, message });
    // (a value in a column the header leaves unnamed would otherwise be dropped unseen)
    const over = tooManyCells(header.length, r);
    if (over) at('columns', over);
    const id = v.department ?? '';
    if (!id) at('department', 'required');
    else if (seen.has(id.toLowerCase())) at('department', `duplicate department ${id} (first on line ${seen.get(id.toLowerCase())})`);
    else seen.set(id.toLowerCase(), r.line);
    const ka = (v.key_account ?? '').toLowerCase();
    if (ka && !app.people.byEmail(ka)) at('key_account', `${ka} is not in the people directory (import people first)`);
    depts.push({
      id,
      nameDe: v.name_de || null,
      nameEn: v.name_en || null,
      keyAccountEmail: ka || null,
      itChannelSlack: v.it_channel_slack || null,
      itChannelTeams: v.it_channel_teams ? teamsChannelId(v.it_channel_teams) : null,
    });
  }
  withQuoteProblems(problems, unread?.problems);
  if (problems.length) throw new InputError(problems);
  tx(app.db, () => depts.forEach((d) => app.people.upsertDepartment(d)));
  return { imported: depts.length };
}
