// rrule ships CommonJS under an ESM-looking types file: under Node's ESM loader only the
// default export exists. One place to get RRule from, typed as the library declares it.
import rrulePkg from 'rrule';
import type { RRule as RRuleType } from 'rrule';

export const RRule = (rrulePkg as unknown as { RRule: typeof RRuleType }).RRule;
