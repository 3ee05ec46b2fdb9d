import { cachedStatement, tx, type Db } from './db.ts';

/**
 * The Teams adapter's stored conversation references (core table conversation_refs, platform
 * 'teams'). The reference is kept as plain JSON (a botbuilder ConversationReference shape:
 * serviceUrl, conversation, bot, user, tenant), never as an SDK object, so any process can
 * send with it later. Keys: a person's aadObjectId (else their Teams user id) for personal
 * chats, a channel id ("19:…@thread.tacv2") for channels.
 */
export interface StoredTeamsRef {
  key: string;
  personEmail: string | null;
  ref: Record<string, unknown>;
  updatedAt: string;
}

interface Row {
  key: string;
  person_email: string | null;
  ref: string;
  updated_at: string;
}

const toRef = (r: Row): StoredTeamsRef => ({
  key: r.key,
  personEmail: r.person_email,
  ref: JSON.parse(r.ref) as Record<string, unknown>,
  updatedAt: r.updated_at,
});

export class TeamsRefsRepo {
  constructor(private readonly db: Db) {}

  /** Inserts or replaces the reference for `key`; an e-mail already known is kept when none is given. */
  upsert(key: string, personEmail: string | null, ref: Record<string, unknown>, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO conversation_refs (platform, key, person_email, ref, updated_at) VALUES ('teams', ?, ?, ?, ?)
         ON CONFLICT(platform, key) DO UPDATE SET person_email = coalesce(excluded.person_email, conversation_refs.person_email),
           ref = excluded.ref, updated_at = excluded.updated_at`,
      )
      .run(key, personEmail, JSON.stringify(ref), now.toISOString());
  }

  get(key: string): StoredTeamsRef | null {
    const r = this.db.prepare(`SELECT key, person_email, ref, updated_at FROM conversation_refs WHERE platform = 'teams' AND key = ?`).get(key) as
      | Row
      | undefined;
    return r ? toRef(r) : null;
  }

  /** The personal-chat reference of a person: by their Teams id first, else by e-mail (newest). */
  forPerson(teamsUserId: string | null, email: string): StoredTeamsRef | null {
    if (teamsUserId) {
      const byId = this.get(teamsUserId);
      if (byId) return byId;
    }
    const r = this.db
      .prepare(
        `SELECT key, person_email, ref, updated_at FROM conversation_refs
         WHERE platform = 'teams' AND person_email = ? ORDER BY updated_at DESC LIMIT 1`,
      )
      .get(email) as Row | undefined;
    return r ? toRef(r) : null;
  }

  /** The newest channel reference of any team (its serviceUrl, tenant and bot identity) that Teams has not refused for good, or null. */
  anyChannel(): StoredTeamsRef | null {
    const r = this.db
      .prepare(
        `SELECT key, person_email, ref, updated_at FROM conversation_refs
         WHERE platform = 'teams' AND json_extract(ref, '$.kind') = 'channel' AND json_extract(ref, '$.stale') IS NULL ORDER BY updated_at DESC LIMIT 1`,
      )
      .get() as Row | undefined;
    return r ? toRef(r) : null;
  }

  /** Forgets a reference (the app was uninstalled, the bot removed from a team). */
  delete(key: string): boolean {
    return this.db.prepare(`DELETE FROM conversation_refs WHERE platform = 'teams' AND key = ?`).run(key).changes === 1;
  }

  /**
   * Replaces the reference stored under `key` with `next`, or forgets it (`next` null), only while it
   * is still `expected` (what the caller read): a reference stored meanwhile (the person installed the
   * app again) is kept. Returns whether it changed.
   */
  replaceIf(key: string, expected: Record<string, unknown>, next: Record<string, unknown> | null, now: Date): boolean {
    // Compared by content, not by the stored text: a reference written with another key order or
    // spacing (an older version, another process) is still the one the caller read.
    return tx(this.db, (): boolean => {
      const row = cachedStatement(this.db, `SELECT ref FROM conversation_refs WHERE platform = 'teams' AND key = ?`).get(key) as { ref: string } | undefined;
      if (!row || canonicalJson(JSON.parse(row.ref)) !== canonicalJson(expected)) return false;
      if (next === null) return cachedStatement(this.db, `DELETE FROM conversation_refs WHERE platform = 'teams' AND key = ? AND ref = ?`).run(key, row.ref).changes === 1;
      return (
        cachedStatement(this.db, `UPDATE conversation_refs SET ref = ?, updated_at = ? WHERE platform = 'teams' AND key = ? AND ref = ?`).run(JSON.stringify(next), now.toISOString(), key, row.ref).changes === 1
      );
    });
  }

  /**
   * Whether `key` has a reference Teams has not refused for good: a turn that wrote the same
   * reference before writes it again when this is false (dropped or marked stale since, by any server).
   */
  isCurrent(key: string): boolean {
    return cachedStatement(this.db, `SELECT 1 FROM conversation_refs WHERE platform = 'teams' AND key = ? AND json_extract(ref, '$.stale') IS NULL`).get(key) !== undefined;
  }

  /**
   * Marks the channel reference stored under `key` as refused by Teams for good (`stale`: when and
   * why, kept in the reference), while it is still `expected`: sends skip it from then on, and the
   * next reference Teams gives for the channel (a message there, the bot added to its team again)
   * replaces it. Returns whether it changed.
   */
  markStale(key: string, expected: Record<string, unknown>, reason: string, now: Date): boolean {
    return this.replaceIf(key, expected, { ...expected, stale: { at: now.toISOString(), reason } }, now);
  }

  /** The channel references Teams refused for good (see `markStale`), newest first. */
  staleChannels(): Array<{ channelId: string; name: string | null; since: string; reason: string }> {
    return cachedStatement(
      this.db,
      `SELECT key AS channelId, json_extract(ref, '$.channelName') AS name, json_extract(ref, '$.stale.at') AS since, json_extract(ref, '$.stale.reason') AS reason
       FROM conversation_refs WHERE platform = 'teams' AND json_extract(ref, '$.kind') = 'channel' AND json_extract(ref, '$.stale') IS NOT NULL
       ORDER BY updated_at DESC`,
    ).all() as Array<{ channelId: string; name: string | null; since: string; reason: string }>;
  }

  /** Forgets every channel reference of a team (the bot was removed from it). */
  deleteTeam(teamId: string): number {
    return this.db
      .prepare(`DELETE FROM conversation_refs WHERE platform = 'teams' AND json_extract(ref, '$.teamId') = ?`)
      .run(teamId).changes;
  }

  /** How many references are stored (asked by /healthz and whenever Teams' service is decided without credentials). */
  count(): number {
    return (cachedStatement(this.db, `SELECT count(*) AS n FROM conversation_refs WHERE platform = 'teams'`).get() as { n: number }).n;
  }
}

/** JSON text with the keys of every object sorted, so two equal values give the same text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v as Record<string, unknown>).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
