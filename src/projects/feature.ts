import type { Feature } from '../app-types.ts';

/** Placeholder until the feature lands: it registers nothing. */
export const projectsFeature: Feature = { name: 'projects' };
