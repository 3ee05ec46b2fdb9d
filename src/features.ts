import type { Feature } from './app-types.ts';
import { coreFeature } from './chat/core-feature.ts';
import { peopleFeature } from './people/feature.ts';
import { catalogFeature } from './catalog/feature.ts';
import { planFeature } from './plan/feature.ts';
import { surveysFeature } from './surveys/feature.ts';
import { projectsFeature } from './projects/feature.ts';

/**
 * The features, in order: intents are scored across all of them; the first `fallback`
 * (the catalog search) answers what no intent claimed; demo data loads in this order.
 */
export const features: Feature[] = [coreFeature, peopleFeature, catalogFeature, planFeature, surveysFeature, projectsFeature];
