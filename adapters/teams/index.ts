import type { HttpAdapter } from '../http-adapter.ts';

/** Microsoft Teams (botbuilder): lands with the Teams adapter issue. Until then /api/messages answers 503. */
export const teamsAdapter: HttpAdapter = {
  name: 'teams',
  async mount(http) {
    http.post('/api/messages', (_req, res) => {
      res.status(503).json({ error: 'the Teams adapter is not available in this build' });
    });
    return null;
  },
};
