// Child process of durability.test.ts: answers clicks in bursts through the core and prints
// "ack EMAIL" once each reply is back (the moment a platform would be acknowledged).
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/store/db.ts';

const [file, runId, n] = process.argv.slice(2) as [string, string, string];
const app = createApp({ config: loadConfig({ ITBOT_LANG: 'en' }), db: openDb(file) });
const total = Number(n);
for (let start = 0; start < total; start += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, total - start) }, async (_, k) => {
      const email = `sales-${start + k + 1}@x.example`;
      const r = await app.bot.handle({
        platform: 'test', eventId: `d-${email}`,
        person: { platform: 'test', userId: email }, conversation: { platform: 'test', channelId: 'x', isDirect: true },
        action: { id: 'survey.answer', value: `${runId}:overall:4` },
      });
      if (/Thank you/.test(r[0]?.text ?? '')) process.stdout.write(`ack ${email}\n`);
    }),
  );
  await new Promise((r) => setTimeout(r, 20)); // bursts, with a moment between them to be killed in
}
process.stdout.write('done\n');
