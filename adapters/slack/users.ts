import { webApi } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';
import type { Person } from '../../src/people/person.ts';
import { SlackRepo, type SlackUserInfo } from '../../src/store/slack-repo.ts';
import { canonicalTimeZone } from '../../src/people/import.ts';
import { classifyError, slackErrorCode } from './errors.ts';
import { Pacer } from './pacer.ts';

type WebClient = webApi.WebClient;

/** How long users.info and users.lookupByEmail answers are trusted (people change e-mail or leave). */
export const USER_TTL_MS = 24 * 3600_000;
/** A "not in Slack" answer is kept shorter: people get invited. */
const NOT_FOUND_TTL_MS = 6 * 3600_000;
/** Tier 3 methods: about 50 calls a minute. */
const TIER3 = { max: 50, windowMs: 60_000 };

/** What users.info tells about a Slack user (each part absent when Slack does not say). */
interface SlackUserFacts {
  email?: string;
  locale?: string;
  /** IANA time zone */
  tz?: string;
}

const facts = (u: Pick<SlackUserInfo, 'email' | 'locale' | 'tz'> | null | undefined): SlackUserFacts => ({
  email: u?.email ?? undefined,
  locale: u?.locale ?? undefined,
  tz: u?.tz ?? undefined,
});

/**
 * Who a Slack user is (e-mail, locale, time zone) and how to reach a person (user id, DM channel),
 * cached in the database so a busy day costs few Web API calls.
 */
export class SlackUsers {
  readonly repo: SlackRepo;
  /**
   * users.info answers kept in memory in front of the database cache (same TTL): every event
   * asks, and a database read costs more than the rest of this lookup. Bounded: the oldest
   * entries go first when it is full.
   */
  private readonly infoMemo = new Map<string, SlackUserInfo>();
  private static readonly MEMO_MAX = 10_000;
  /** no users.info call before this app-clock time (ms): Slack answered 429 */
  private infoBlockedUntil = 0;

  constructor(
    private readonly app: App,
    readonly pacer = new Pacer(),
    /** asks users.info instead of the listener's client (`userInfoClient`: a 429 rejected at once) */
    private readonly infoClient?: WebClient,
  ) {
    this.repo = new SlackRepo(app.db);
  }

  private fresh(at: string, ttl: number): boolean {
    return this.app.clock.now().getTime() - new Date(at).getTime() < ttl;
  }

  /**
   * E-mail, locale and time zone of a Slack user (users.info with include_locale). Never
   * throws: without an answer the turn goes on with what the directory knows.
   */
  async info(client: WebClient, userId: string): Promise<SlackUserFacts> {
    const memo = this.infoMemo.get(userId);
    if (memo && this.fresh(memo.fetchedAt, USER_TTL_MS)) return facts(memo);
    const cached = this.repo.user(userId);
    if (cached && this.fresh(cached.fetchedAt, USER_TTL_MS)) {
      this.remember(cached);
      return facts(cached);
    }
    // (rate limited: not asked again before Retry-After)
    if (this.app.clock.now().getTime() < this.infoBlockedUntil) return facts(cached);
    try {
      const r = await (this.infoClient ?? client).users.info({ user: userId, include_locale: true });
      const u = r.user as { profile?: { email?: string }; locale?: string; tz?: string } | undefined;
      const email = u?.profile?.email ?? null;
      const locale = u?.locale ?? null;
      // only a zone the time zone database knows (spelt as it spells it)
      const tz = u?.tz ? canonicalTimeZone(u.tz) : null;
      const fresh: SlackUserInfo = { userId, email, locale, tz, fetchedAt: this.app.clock.now().toISOString() };
      this.repo.saveUser(fresh);
      this.remember(fresh);
      return facts(fresh);
    } catch (e) {
      const c = classifyError(e);
      if (c.status === 'retry' && c.rateLimited && c.retryAfterMs) this.infoBlockedUntil = this.app.clock.now().getTime() + c.retryAfterMs;
      this.app.log.warn({ err: e, userId }, 'slack: users.info failed');
      return facts(cached);
    }
  }

  private remember(u: SlackUserInfo): void {
    this.infoMemo.delete(u.userId);
    if (this.infoMemo.size >= SlackUsers.MEMO_MAX) this.infoMemo.delete(this.infoMemo.keys().next().value!);
    this.infoMemo.set(u.userId, u);
  }

  /**
   * False when Slack recently said the person's e-mail is not in the workspace, or refused a
   * direct message to them for good (a deactivated account: `unreachableReason`).
   */
  mayReach(person: Person): boolean {
    if (this.unreachableReason(person)) return false;
    if (person.slackUserId) return true;
    const l = this.repo.lookup(person.email);
    return !(l && l.userId === null && this.fresh(l.fetchedAt, NOT_FOUND_TTL_MS));
  }

  /** Why Slack refused a direct message to the person for good within the last 6 hours (their account deactivated); null when it has not. */
  unreachableReason(person: Person): string | null {
    const u = this.repo.unreachable(person.email);
    return u && this.fresh(u.notedAt, NOT_FOUND_TTL_MS) ? u.reason : null;
  }

  /** Slack refused a direct message to the person for good: it is not chosen for them for 6 hours. */
  noteUnreachable(person: Person, reason: string): void {
    this.repo.saveUnreachable(person.email, reason, this.app.clock.now());
  }

  /**
   * The person wrote to the bot on Slack (a message, a command, a click) at `at`: their account is
   * active, so a refusal noted before then no longer keeps Slack from being chosen for them.
   * Reads first: the usual turn, of someone never refused, writes nothing.
   */
  noteActive(person: Person, at: Date): void {
    const u = this.repo.unreachable(person.email);
    if (u && this.repo.clearUnreachable(person.email, at)) {
      this.app.log.info({ email: person.email, was: u.reason }, 'slack: the person wrote on Slack, their account is active again');
    }
  }

  /**
   * The person's Slack user id: the directory's, else the cache, else users.lookupByEmail.
   * Returns null when Slack does not know the e-mail; throws other Web API errors.
   */
  async userId(client: WebClient, person: Person): Promise<string | null> {
    if (person.slackUserId) return person.slackUserId;
    const l = this.repo.lookup(person.email);
    if (l && this.fresh(l.fetchedAt, l.userId ? USER_TTL_MS : NOT_FOUND_TTL_MS)) return l.userId;
    await this.pacer.windowed('tier3:users.lookupByEmail', TIER3.max, TIER3.windowMs);
    try {
      const r = await client.users.lookupByEmail({ email: person.email });
      const id = (r.user as { id?: string } | undefined)?.id ?? null;
      this.repo.saveLookup(person.email, id, this.app.clock.now());
      // the directory learns the id, so the next turn of that person is recognised at once
      if (id) this.app.people.setPlatformId(person.email, 'slack', id);
      return id;
    } catch (e) {
      if (slackErrorCode(e) === 'users_not_found') {
        this.repo.saveLookup(person.email, null, this.app.clock.now());
        return null;
      }
      throw e;
    }
  }

  /** The bot's DM channel with a user (conversations.open, cached). Throws Web API errors. */
  async dmChannel(client: WebClient, userId: string): Promise<string> {
    const cached = this.repo.dmChannel(userId);
    if (cached) return cached;
    await this.pacer.windowed('tier3:conversations.open', TIER3.max, TIER3.windowMs);
    const r = await client.conversations.open({ users: userId, return_im: false });
    const id = (r.channel as { id?: string } | undefined)?.id;
    if (!id) throw new Error('conversations.open returned no channel id');
    this.repo.saveDmChannel(userId, id, this.app.clock.now());
    return id;
  }
}
