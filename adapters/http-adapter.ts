import type { Express } from 'express';
import type { App, Running } from '../src/app-types.ts';

/**
 * A platform adapter mounted on the project's one HTTP server. `mount` adds its routes
 * (and its outbox sender, when it can send) and returns what must be stopped on shutdown.
 * It returns null when the platform is not configured.
 */
export interface HttpAdapter {
  name: string;
  mount(http: Express, app: App): Promise<(Running & { describe(): Record<string, unknown> }) | null>;
}
