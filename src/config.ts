import { z } from 'zod';
import { parseWorkingHours, type WorkingHours } from './jobs/working-hours.ts';
import { AppError } from './errors.ts';
import { validTrustProxy } from './client-address.ts';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  ITBOT_HOST: z.string().default('127.0.0.1'),
  ITBOT_DB: optional,
  ITBOT_LANG: z.enum(['de', 'en']).default('de'),
  ITBOT_TIMEZONE: z.string().default('Europe/Zurich').refine(isTimeZone, 'not an IANA time zone'),
  ITBOT_WORKING_HOURS: z.string().default('Mo-Fr 08:00-18:00'),
  ITBOT_ADMIN_TOKEN: optional,
  ITBOT_ADMINS: optional.refine((v) => v === undefined || v.split(/[,;\s]+/).filter(Boolean).every((e) => EMAIL.test(e)), 'must be e-mail addresses, separated by commas'),
  ITBOT_PUBLIC_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v), 'must be an http(s) URL'),
  ITBOT_CALENDAR_TOKEN: optional,
  ITBOT_HELPDESK: optional,
  ITBOT_CATCHUP: z.string().default('PT12H').refine((v) => ISO_DURATION.test(v), 'must be an ISO-8601 duration such as PT12H or P1D'),
  ITBOT_TRUST_PROXY: optional.refine((v) => v === undefined || validTrustProxy(v), 'must be true, false, a number of proxies, or the proxies\' addresses or subnets (loopback, 10.0.0.0/8, ...) separated by commas'),
  ITBOT_WEBCHAT_OPEN: optional.refine((v) => v === undefined || v === 'true' || v === 'false', 'must be true or false'),
  ITBOT_LOG_LEVEL: optional.refine((v) => v === undefined || LOG_LEVELS.includes(v), `must be one of ${LOG_LEVELS.join(', ')}`),
  ITBOT_LOG_FORMAT: optional.refine((v) => v === undefined || v === 'json' || v === 'pretty', 'must be json or pretty'),
  ITBOT_IT_CHANNEL: optional,
  ITBOT_HEAD_OF_IT: optional.refine((v) => v === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'must be an e-mail address'),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http(s) URL'),
  MICROSOFT_APP_ID: optional,
  MICROSOFT_APP_PASSWORD: optional,
  MICROSOFT_APP_TENANT_ID: optional,
  // (absent: SingleTenant when a tenant is given, else MultiTenant, as Bot Framework reads an empty app type)
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional(),
});

type RawConfig = z.infer<typeof schema>;

export interface Config extends Omit<RawConfig, 'MICROSOFT_APP_TYPE'> {
  MICROSOFT_APP_TYPE: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  workingHours: WorkingHours;
  admins: string[];
  slackEnabled: boolean;
  teamsAuth: boolean;
}

/**
 * Reads and validates the environment. A bad setting throws an AppError whose message
 * names the setting, e.g. `ITBOT_LANG: expected "de" or "en", got "fr"`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // a setting given empty (`PORT=` in a compose file or a unit) is one not given: its default
  // applies, not port 0, every interface or a refusal of the empty value
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    throw new AppError('bad_config', `configuration: ${key}: ${issue.message} (got "${env[key] ?? ''}")`);
  }
  const c = { ...parsed.data, MICROSOFT_APP_TYPE: parsed.data.MICROSOFT_APP_TYPE ?? (parsed.data.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant') } as const;
  let workingHours: WorkingHours;
  try {
    workingHours = parseWorkingHours(c.ITBOT_WORKING_HOURS);
  } catch (e) {
    throw new AppError('bad_config', `configuration: ITBOT_WORKING_HOURS: ${(e as Error).message}`);
  }
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
    throw new AppError('bad_config', 'configuration: SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode');
  }
  if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN) {
    throw new AppError('bad_config', 'configuration: SLACK_BOT_TOKEN: required when Slack is configured');
  }
  // a secret without its app id would start the bot unauthenticated (loopback callers only) without a word
  if (c.MICROSOFT_APP_PASSWORD && !c.MICROSOFT_APP_ID) {
    throw new AppError('bad_config', 'configuration: MICROSOFT_APP_ID: required with MICROSOFT_APP_PASSWORD (without both, Teams runs unauthenticated for loopback callers only)');
  }
  if (c.MICROSOFT_APP_ID && !c.MICROSOFT_APP_PASSWORD && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    throw new AppError('bad_config', 'configuration: MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID');
  }
  if (c.MICROSOFT_APP_ID && c.MICROSOFT_APP_TYPE === 'SingleTenant' && !c.MICROSOFT_APP_TENANT_ID) {
    throw new AppError('bad_config', 'configuration: MICROSOFT_APP_TENANT_ID: required for a SingleTenant app');
  }
  const admins = (c.ITBOT_ADMINS ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return {
    ...c,
    workingHours,
    admins,
    slackEnabled: Boolean(c.SLACK_BOT_TOKEN),
    teamsAuth: Boolean(c.MICROSOFT_APP_ID),
  };
}
