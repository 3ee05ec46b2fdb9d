import type { Db } from './db.ts';

export interface Ticket {
  ticketId: string;
  openedAt: string;
  closedAt: string | null;
  category: string | null;
  department: string | null;
  satisfaction: number | null;
}

/** Helpdesk tickets from CSV exports, and the figures over them. */
export class HelpdeskRepo {
  constructor(private readonly db: Db) {}

  upsert(t: Ticket, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO helpdesk_tickets (ticket_id, opened_at, closed_at, category, department, satisfaction, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(ticket_id) DO UPDATE SET opened_at = excluded.opened_at, closed_at = excluded.closed_at,
           category = excluded.category, department = excluded.department, satisfaction = excluded.satisfaction,
           imported_at = excluded.imported_at`,
      )
      .run(t.ticketId, t.openedAt, t.closedAt, t.category, t.department, t.satisfaction, now.toISOString());
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM helpdesk_tickets').get() as { n: number }).n;
  }

  openedBetween(from: string, to: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM helpdesk_tickets WHERE opened_at >= ? AND opened_at < ?').get(from, to) as { n: number }).n;
  }

  /** Tickets closed in [from, to): their opening and closing times and the satisfaction given. */
  closedBetween(from: string, to: string): Array<{ openedAt: string; closedAt: string; satisfaction: number | null }> {
    return this.db
      .prepare(
        `SELECT opened_at AS openedAt, closed_at AS closedAt, satisfaction FROM helpdesk_tickets
         WHERE closed_at >= ? AND closed_at < ? ORDER BY closed_at`,
      )
      .all(from, to) as Array<{ openedAt: string; closedAt: string; satisfaction: number | null }>;
  }

  /** The span of the data, to know whether a period is covered at all. */
  range(): { first: string | null; last: string | null } {
    return this.db
      .prepare('SELECT min(opened_at) AS first, max(coalesce(closed_at, opened_at)) AS last FROM helpdesk_tickets')
      .get() as { first: string | null; last: string | null };
  }
}
