import type { Db } from '../../src/store/db.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import type { Sender, SendTarget, OutboxItemView, SendOutcome } from '../../src/jobs/sender.ts';
import type { Clock } from '../../src/clock.ts';
import { putWebMessage } from '../../src/store/web-inbox-repo.ts';

/**
 * The local web chat's outbound port: proactive messages land in the person's web inbox
 * (or a "channel:ID" inbox), shown the next time the page polls. The idempotency key is
 * UNIQUE in web_inbox, so even a resend after a crash delivers once. The web channels overlap (a
 * Finance manager reads `channel:Finance` and `channel:managers`): channel posts of one broadcast
 * share it in web_inbox, and the inbox shows each reader the first only.
 * It is where people's messages go when no chat platform is configured (`alone()` is true;
 * Teams without credentials, the local playground, counts as none for the people it does not
 * reach); next to Slack or Teams with credentials it only carries messages addressed to web
 * channels, so a message is never marked sent into an inbox nobody reads.
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
    const id = putWebMessage(this.db, recipient, message, item.idempotencyKey, this.clock.now(), target.kind === 'channel' ? item.broadcast ?? null : null);
    return { status: 'sent', platformMessageId: `web-${id}` };
  }
}

export { readInbox, type InboxEntry } from '../../src/store/web-inbox-repo.ts';
