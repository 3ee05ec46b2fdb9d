import type { App } from '../app-types.ts';
import type { Lang, OutMessage, Platform } from '../chat/model.ts';
import type { OutboxTarget } from '../jobs/outbox.ts';
import { IT_DEPARTMENT, channelOfDepartment, parseAudience, resolveAudience } from '../people/audience.ts';
import type { Department, Person } from '../people/person.ts';
import { personLanguage } from '../people/person.ts';
import { serves } from '../jobs/sender.ts';
import { TeamsRefsRepo } from '../store/teams-refs-repo.ts';
import { readState, writeState } from '../store/system-state.ts';
import { platformsServedSince } from '../store/server-heartbeats-repo.ts';
import type { Db } from '../store/db.ts';

/** One place a broadcast goes: a channel (both languages in one post) or a person (their language). */
type Delivery =
  | { kind: 'channel'; platform: Platform; channelId: string }
  | { kind: 'person'; person: Person };

/**
 * Chat platforms configured in this installation (the web chat is always there). Decided as the
 * server decides which senders to start, never by the senders of this process: a CLI command
 * registers only the web sender, and what it queues is sent by the running server. Slack: a bot
 * token. Teams: app credentials, or conversation references stored by earlier Teams activity
 * (a local setup on the Agents Playground). A sender in service counts too.
 */
export function enabledPlatforms(app: App): Platform[] {
  const out: Platform[] = [];
  // (noted at a server's last start, and those every server on the database noted in its signs of
  // life, however old: two servers may differ, the one started last notes only its own, and a
  // stopped server's platform is served again when it comes back)
  const served = [...servedPlatforms(app.db), ...platformsServedSince(app.db, new Date(0))];
  if (app.config.slackEnabled || serves(app, 'slack') || served.includes('slack')) out.push('slack');
  if (app.config.teamsAuth || serves(app, 'teams') || served.includes('teams') || new TeamsRefsRepo(app.db).count() > 0) out.push('teams');
  return out;
}

/** The key in system_state under which `itbot serve` notes the chat platforms it serves. */
const SERVED_KEY = 'server.platforms';

/**
 * Noted by `itbot serve` when it starts: the chat platforms it sends to. A command run from a shell without the
 * server's Slack or Teams settings still queues for them what the server will send (a survey's result card).
 */
export function noteServedPlatforms(db: Db, platforms: Platform[], now: Date): void {
  writeState(db, SERVED_KEY, platforms.filter((p) => p === 'slack' || p === 'teams').sort().join(','), now);
}

function servedPlatforms(db: Db): string[] {
  return (readState(db, SERVED_KEY) ?? '').split(',').filter(Boolean);
}

/** The key in system_state under which `itbot serve` notes its `ITBOT_IT_CHANNEL` (empty: none). */
const SERVED_IT_CHANNEL_KEY = 'server.it_channel_slack';

/**
 * Noted by `itbot serve` when it starts: the Slack IT channel it is configured with
 * (`ITBOT_IT_CHANNEL`), so a command run from a shell without it (`itbot survey close`) queues
 * the result card for the channel the server would use. A server started without it clears it.
 */
export function noteServedItChannel(db: Db, channel: string | undefined, now: Date): void {
  writeState(db, SERVED_IT_CHANNEL_KEY, channel?.trim() ?? '', now);
}

/** The Slack IT channel the server noted at its last start, if any. */
export function servedItChannel(db: Db): string | null {
  return readState(db, SERVED_IT_CHANNEL_KEY) || null;
}

function deptChannels(platforms: Platform[], d: Department | null): Delivery[] {
  const out: Delivery[] = [];
  for (const p of platforms) {
    const id = p === 'slack' ? d?.itChannelSlack : d?.itChannelTeams;
    if (id) out.push({ kind: 'channel', platform: p, channelId: id });
  }
  return out;
}

/**
 * Where a broadcast to an audience goes. Departments are told in their IT channels (one post
 * instead of hundreds of direct messages, and newcomers see it too); members of a department
 * without a channel on a configured platform, managers and single e-mails get a direct message,
 * unless they read one of the channels posted to (each person is told once).
 * The local web chat has a channel per department and `all`, so a web-only setup posts there only.
 */
export function audienceDeliveries(app: App, terms: string[]): Delivery[] {
  const parsed = parseAudience(terms);
  if (typeof parsed === 'string') return [];
  const platforms = enabledPlatforms(app);
  const channels = new Map<string, Delivery>();
  const persons = new Map<string, Person>();
  // keys lower-cased: a channel is posted to once, whatever case the files write it in
  const addChannel = (d: Delivery) => d.kind === 'channel' && channels.set(`${d.platform}:${d.channelId}`.toLowerCase(), d);
  // each department is looked up once per broadcast (its channels, and its members' channel)
  const depts = new Map<string, Department | null>();
  const deptOf = (name: string): Department | null => {
    const k = name.toLowerCase();
    if (!depts.has(k)) depts.set(k, app.people.department(name));
    return depts.get(k)!;
  };
  const coverDepartment = (name: string, members: Person[]) => {
    const dept = deptOf(name);
    addChannel({ kind: 'channel', platform: 'web', channelId: channelOfDepartment(dept, name) });
    if (!platforms.length) return;
    const ch = deptChannels(platforms, dept);
    if (ch.length) ch.forEach(addChannel);
    else members.forEach((p) => persons.set(p.email.toLowerCase(), p));
  };
  for (const t of parsed) {
    if (t.kind === 'all') {
      addChannel({ kind: 'channel', platform: 'web', channelId: 'all' });
      if (!platforms.length) continue;
      const everyone = resolveAudience(app.people, [t]);
      const byDept = new Map<string, Person[]>();
      for (const p of everyone) byDept.set(p.department ?? '', [...(byDept.get(p.department ?? '') ?? []), p]);
      for (const [name, members] of byDept) {
        const ch = name ? deptChannels(platforms, deptOf(name)) : [];
        if (ch.length) ch.forEach(addChannel);
        else members.forEach((p) => persons.set(p.email.toLowerCase(), p));
      }
    } else if (t.kind === 'department' || t.kind === 'it-staff') {
      const name = t.kind === 'department' ? t.name : IT_DEPARTMENT;
      coverDepartment(name, resolveAudience(app.people, [t]));
    } else {
      for (const p of resolveAudience(app.people, [t])) persons.set(p.email.toLowerCase(), p);
    }
  }
  // the web `all` channel reaches everyone in the web chat: department web channels would repeat it
  if (channels.has('web:all')) for (const k of [...channels.keys()]) if (k.startsWith('web:') && k !== 'web:all') channels.delete(k);
  // one person, one message: whoever reads one of these channels gets no direct message besides
  // (a Finance manager for [department:Finance, managers]); on Slack or Teams their department's
  // channel there, in a web-only setup the web chat's `all` or their department's channel
  const readsAChannel = (p: Person): boolean => {
    if (!platforms.length && channels.has('web:all')) return true;
    if (!p.department) return false;
    const dept = deptOf(p.department);
    if (!platforms.length) return channels.has(`web:${channelOfDepartment(dept, p.department).toLowerCase()}`);
    return deptChannels(platforms, dept).some((d) => d.kind === 'channel' && channels.has(`${d.platform}:${d.channelId}`.toLowerCase()));
  };
  for (const [k, p] of persons) if (readsAChannel(p)) persons.delete(k);
  const people: Delivery[] = [...persons.values()].sort((a, b) => a.email.localeCompare(b.email)).map((person) => ({ kind: 'person', person }));
  return [...channels.values(), ...people];
}

export function deliveryKey(d: Delivery): string {
  return d.kind === 'channel' ? `channel:${d.platform}:${d.channelId}` : `to:${d.person.email.toLowerCase()}`;
}

export function outboxTarget(d: Delivery): OutboxTarget {
  return d.kind === 'channel' ? { kind: 'channel', platform: d.platform, channelId: d.channelId } : { kind: 'person', email: d.person.email };
}

/** A channel post carries both languages, the organisation's default first. */
export function bilingual(app: App, build: (lang: Lang) => OutMessage): OutMessage {
  const first = app.config.ITBOT_LANG;
  const second: Lang = first === 'de' ? 'en' : 'de';
  const a = build(first);
  const b = build(second);
  return {
    text: `${a.text}\n\n${b.text}`,
    lang: first,
    blocks: [...(a.blocks ?? []), { type: 'divider' }, ...(b.blocks ?? []).filter((x) => x.type !== 'actions')],
  };
}

function deliveryLang(app: App, d: Delivery): Lang {
  return d.kind === 'person' ? personLanguage(d.person, app.config.ITBOT_LANG) : app.config.ITBOT_LANG;
}

/** The message for one delivery: the person's language, or both for a channel. */
export function messageFor(app: App, d: Delivery, build: (lang: Lang) => OutMessage): OutMessage {
  return d.kind === 'person' ? build(deliveryLang(app, d)) : bilingual(app, build);
}

// (building an Intl formatter costs far more than using one: one per zone)
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar day (YYYY-MM-DD) in a time zone. */
export function localDay(at: Date, tz: string): string {
  let f = dayFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormats.size > 100) dayFormats.clear();
    dayFormats.set(tz, f);
  }
  return f.format(at);
}
