import type { Bi } from '../i18n/index.ts';
import type { SlaValue } from './sla.ts';

/** Lifecycle of a service: only `retired` ones are never offered as an answer. */
export const STATUSES = ['planned', 'new', 'active', 'retiring', 'retired'] as const;
export type ServiceStatus = (typeof STATUSES)[number];

/** Each value a plain string (as the contract shows) or a {de, en} pair: see sla.ts. */
interface Sla {
  availability?: SlaValue;
  supportHours?: SlaValue;
  response?: SlaValue;
  resolution?: SlaValue;
}

export interface Price {
  amount: number;
  currency: string;
  per?: Bi;
}

/** One service of the catalog, normalized: every text in both languages. */
export interface Service {
  id: string;
  name: Bi;
  category?: Bi;
  summary: Bi;
  description?: Bi;
  keywords: { de: string[]; en: string[] };
  status: ServiceStatus;
  /** as written in the file: `all`, `managers`, `department:NAME`, an e-mail, or a list */
  audience: string | string[];
  owner?: { name?: string; email?: string };
  request?: { url?: string; how?: Bi };
  sla?: Sla;
  price?: Price;
  /** the service that takes over from a retiring or retired one */
  replacedBy?: string;
  /** fields this version does not know, kept so that export gives them back */
  extra?: Record<string, unknown>;
}

/** The one official answer IT gives to a recurring question, whoever is asked. */
export interface OfficialAnswer {
  id: string;
  question: Bi;
  answer: Bi;
  services: string[];
  keywords?: { de: string[]; en: string[] };
  extra?: Record<string, unknown>;
}

export interface Catalog {
  services: Service[];
  answers: OfficialAnswer[];
}

export type DocKind = 'service' | 'answer';

/** "service:vpn" / "answer:why-mfa": how search results and buttons name a document. */
export function docRef(kind: DocKind, id: string): string {
  return `${kind}:${id}`;
}

export function parseDocRef(ref: string): { kind: DocKind; id: string } | null {
  const m = /^(service|answer):([a-z0-9-]+)$/.exec(ref);
  return m ? { kind: m[1] as DocKind, id: m[2]! } : null;
}
