import type { Feature } from '../../src/app-types.ts';
import type { InboundAction, InboundEvent } from '../../src/chat/model.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { teamsAdapter } from '../../adapters/teams/index.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { FakeConnector } from '../doubles/fake-connector.ts';
import type { Logger } from '../../src/log.ts';
import type { HttpAdapter } from '../../adapters/http-adapter.ts';

/** A feature with a button and a survey-like question, recording what reaches the core. */
export function recordingFeature(seen: Array<{ action: InboundAction; event: InboundEvent }>): Feature {
  return {
    name: 'test-teams',
    intents: [
      {
        name: 'pick',
        match: (t) => (t === 'pick please' ? 0.99 : 0),
        handle: () => [{
          text: 'Pick one',
          blocks: [
            { type: 'text', text: 'Pick one' },
            { type: 'actions', buttons: [{ label: 'Alpha', action: 'test.pick', value: 'alpha' }] },
          ],
        }],
      },
    ],
    actions: {
      'test.pick': (ctx, action) => {
        seen.push({ action, event: ctx.event });
        return [{ text: `You picked ${action.value ?? ''}`, blocks: [{ type: 'text', text: `You picked ${action.value ?? ''}` }] }];
      },
      'survey.closed': () => [{ text: 'This survey is closed.', ephemeral: true }],
      'survey.answer': (ctx, action) => {
        seen.push({ action, event: ctx.event });
        return [{
          text: `Recorded: ${action.value ?? ''}`,
          replaceOriginal: true,
          blocks: [{ type: 'header', text: 'Quick survey' }, { type: 'text', text: `Your answer: ${action.value ?? ''}` }],
        }];
      },
    },
  };
}

export interface Rig {
  app: TestApp;
  server: RunningServer;
  connector: FakeConnector;
  seen: Array<{ action: InboundAction; event: InboundEvent }>;
  close(): Promise<void>;
}

/** Our server with the Teams adapter only (no background loops) and a fake connector. */
export async function rig(opts: { env?: Record<string, string>; host?: string; features?: Feature[]; log?: Logger; adapters?: HttpAdapter[] } = {}): Promise<Rig> {
  const seen: Rig['seen'] = [];
  const app = testApp({ env: opts.env, features: opts.features ?? [coreFeature, recordingFeature(seen)] });
  if (opts.log) Object.assign(app, { log: opts.log });
  const connector = await new FakeConnector().start();
  const server = await startServer(app, { port: 0, host: opts.host ?? '127.0.0.1', background: false, adapters: opts.adapters ?? [teamsAdapter] });
  return {
    app,
    server,
    connector,
    seen,
    async close() {
      await server.close();
      await connector.stop();
      app.cleanup();
    },
  };
}

/** Alex as the Teams connector knows the member. */
export const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };

/** Alex known to the connector (member lookup) and to the directory, in English, not yet linked to Teams. */
export function knowAlex(r: Rig): void {
  r.connector.members.set(alex.id, alex);
  r.app.people.upsert({ email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
}

/** The buttons (Action.* elements, in card order, nested ones included) of the cards of an activity. */
export function cardButtons(activity: any): any[] {
  const out: any[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, any>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(activity.attachments?.map((a: any) => a.content));
  return out;
}
