import type { Feature } from '../app-types.ts';

/** Placeholder until the feature lands: it registers nothing. */
export const planFeature: Feature = { name: 'plan' };
