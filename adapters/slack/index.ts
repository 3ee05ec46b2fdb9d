import type { HttpAdapter } from '../http-adapter.ts';

/** Slack (Bolt): lands with the Slack adapter issue. Until then /slack/events answers 503. */
export const slackAdapter: HttpAdapter = {
  name: 'slack',
  async mount(http) {
    http.post('/slack/events', (_req, res) => {
      res.status(503).json({ error: 'the Slack adapter is not available in this build' });
    });
    return null;
  },
};
