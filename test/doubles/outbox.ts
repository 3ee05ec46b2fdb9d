import type { App } from '../../src/app-types.ts';

/**
 * Makes the outbox row with this idempotency key look taken to send by a server that died
 * before its platform call: state `sending`, held by `owner` until `leaseUntil` (`calling`: died
 * during the call, the attempt counted, so the message may have gone). Throws when no
 * row has the key, or when the row is not waiting to be sent (queued or retry), so a test whose
 * key matches nothing, or a row already sent, fails here instead of passing on a no-op.
 */
export function claimedByDeadServer(app: Pick<App, 'db'>, key: string, leaseUntil: string, owner = 'w-gone', opts: { calling?: boolean } = {}): void {
  const row = app.db.prepare('SELECT state FROM outbox WHERE idempotency_key = ?').get(key) as { state: string } | undefined;
  if (!row) throw new Error(`claimedByDeadServer: no outbox row with the key ${key}`);
  if (row.state !== 'queued' && row.state !== 'retry') throw new Error(`claimedByDeadServer: the row ${key} is ${row.state}, not waiting to be sent`);
  const { changes } = app.db.prepare(`UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + ? WHERE idempotency_key = ?`).run(owner, leaseUntil, opts.calling ? 1 : 0, key);
  if (changes !== 1) throw new Error(`claimedByDeadServer: ${changes} rows changed for the key ${key}`);
}
