import { afterEach } from 'vitest';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';

export interface Served {
  app: TestApp | null;
  server: RunningServer | null;
  /** closes the server and cleans up the app (either may be missing), and forgets both */
  stop(): Promise<void>;
}

/** Where a test keeps the app and the server it starts: both are stopped after each test. */
export function servedPerTest(): Served {
  const served: Served = {
    app: null,
    server: null,
    async stop() {
      await served.server?.close();
      served.app?.cleanup();
      served.server = null;
      served.app = null;
    },
  };
  afterEach(() => served.stop());
  return served;
}
