import express from 'express';
import type { HttpAdapter } from '../http-adapter.ts';
import { addSender } from '../../src/app.ts';
import { createCloudAdapter, loopbackGuard } from './auth.ts';
import { TeamsTurns } from './turn.ts';
import { TeamsSender } from './sender.ts';
import { teamsTexts as t } from './texts.ts';
import { parseLocale } from '../../src/i18n/index.ts';

/**
 * Microsoft Teams on botbuilder's CloudAdapter at POST /api/messages. Every botbuilder import of
 * the project lives in this folder, so moving to the Microsoft 365 Agents SDK touches it only.
 * With MICROSOFT_APP_ID (and password, tenant) set, botbuilder validates each request's token;
 * without, the endpoint is open to loopback callers only (the Agents Playground).
 * Always mounted: it also registers the Teams outbox sender.
 */
export const teamsAdapter: HttpAdapter = {
  name: 'teams',
  async mount(http, app) {
    const { config, log } = app;
    const adapter = createCloudAdapter(config);
    const turns = new TeamsTurns(app);
    adapter.onTurnError = async (context, error) => {
      // the one error funnel of the adapter: log, and tell the user when it was a message
      log.error({ err: error, type: context.activity.type }, 'teams: turn failed');
      if (context.activity.type === 'message') {
        const lang = parseLocale(context.activity.locale) ?? config.ITBOT_LANG;
        await context.sendActivity({ type: 'message', text: t(lang, 'turnFailed'), textFormat: 'plain' }).catch(() => undefined);
      }
    };
    const router = express.Router();
    router.use(loopbackGuard(config.teamsAuth));
    router.use(express.json({ limit: '1mb' }));
    router.post('/', (req, res, next) => {
      adapter.process(req, res, (context) => turns.onTurn(context)).catch(next);
    });
    http.use('/api/messages', router);
    const sender = new TeamsSender(adapter, config.MICROSOFT_APP_ID ?? '', turns.refs, log);
    // The outbox sender serves once Teams is in use: credentials set, references stored earlier, or
    // the first Teams activity (the local playground). Until then the web inbox stays the
    // only platform of a local setup and keeps receiving people's messages.
    const inService = () => app.senders.get('teams') === sender;
    const register = () => {
      if (!inService()) addSender(app, sender);
    };
    if (config.teamsAuth || turns.refs.count() > 0) register();
    turns.onReference = register;
    const auth = config.teamsAuth ? `token validation (${config.MICROSOFT_APP_TYPE})` : 'none: loopback callers only';
    log.info({ auth }, 'teams: /api/messages ready');
    return {
      stop() {},
      describe: () => ({
        configured: true,
        auth,
        endpoint: '/api/messages',
        references: turns.refs.count(),
        sender: inService() ? 'in service' : 'waiting for the first Teams activity',
      }),
    };
  },
};
