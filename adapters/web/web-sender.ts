import type { Db } from '../../src/store/db.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import type { Sender, SendTarget, OutboxItemView, SendOutcome } from '../../src/jobs/sender.ts';
import type { Clock } from '../../src/clock.ts';

/**
 * The local web chat's outbound port: proactive messages land in the person's web inbox
 * (or a "channel:ID" inbox), shown the next time the page polls. The idempotency key is
 * UNIQUE in web_inbox, so even a resend after a crash delivers once.
 * It is where people's messages go when no chat platform is configured (`alone()` is true);
 * next to Slack or Teams it only carries messages addressed to web channels, so a message
 * is never marked sent into an inbox nobody reads.
 */
export class WebSender implements Sender {
  readonly platform = 'web' as const;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly alone: () => boolean = () => true,
  ) {}

  reaches(): boolean {
    return this.alone();
  }

  async send(target: SendTarget, message: OutMessage, item: OutboxItemView): Promise<SendOutcome> {
    const recipient = target.kind === 'person' ? target.person.email : `channel:${target.channelId}`;
    const r = this.db
      .prepare(
        `INSERT INTO web_inbox (recipient, message, idempotency_key, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(idempotency_key) DO UPDATE SET idempotency_key = idempotency_key RETURNING id`,
      )
      .get(recipient, JSON.stringify(message), item.idempotencyKey, this.clock.now().toISOString()) as { id: number };
    return { status: 'sent', platformMessageId: `web-${r.id}` };
  }
}

export interface InboxEntry {
  id: number;
  message: OutMessage;
  createdAt: string;
}

/** Messages for a person (and the channels they see) after `afterId`. */
export function readInbox(db: Db, recipients: string[], afterId: number): InboxEntry[] {
  const rows = db
    .prepare(
      `SELECT id, message, created_at FROM web_inbox
       WHERE id > ? AND recipient IN (SELECT value FROM json_each(?) ) COLLATE NOCASE ORDER BY id LIMIT 100`,
    )
    .all(afterId, JSON.stringify(recipients)) as Array<{ id: number; message: string; created_at: string }>;
  return rows.map((r) => ({ id: r.id, message: JSON.parse(r.message) as OutMessage, createdAt: r.created_at }));
}
