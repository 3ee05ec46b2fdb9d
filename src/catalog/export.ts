import { byCodePoint } from './text.ts';
import YAML from 'yaml';
import type { Catalog, OfficialAnswer, Service } from './model.ts';
import { servicesToCsv } from './csv-form.ts';

export type ExportFormat = 'yaml' | 'json' | 'csv';

/** A service in file order of fields (what people read and diff in git), unknown fields last. */
function serviceOut(s: Service): Record<string, unknown> {
  const o: Record<string, unknown> = { id: s.id, name: s.name };
  if (s.category) o.category = s.category;
  o.summary = s.summary;
  if (s.description) o.description = s.description;
  if (s.keywords.de.length || s.keywords.en.length) o.keywords = s.keywords;
  o.status = s.status;
  if (s.replacedBy) o.replacedBy = s.replacedBy;
  o.audience = s.audience;
  if (s.owner) o.owner = s.owner;
  if (s.request) o.request = s.request;
  if (s.sla) o.sla = s.sla;
  if (s.price) o.price = s.price;
  return { ...o, ...(s.extra ?? {}) };
}

function answerOut(a: OfficialAnswer): Record<string, unknown> {
  const o: Record<string, unknown> = { id: a.id, question: a.question, answer: a.answer, services: a.services };
  if (a.keywords) o.keywords = a.keywords;
  return { ...o, ...(a.extra ?? {}) };
}

/** The catalog as a file: sorted by id, so the same catalog always gives the same bytes. */
export function exportCatalog(catalog: Catalog, format: ExportFormat): string {
  // (by code point, not by the machine's locale: "aa" sorts the same in Danish)
  const services = [...catalog.services].sort((a, b) => byCodePoint(a.id, b.id));
  const answers = [...catalog.answers].sort((a, b) => byCodePoint(a.id, b.id));
  if (format === 'csv') return servicesToCsv(services);
  const tree = { services: services.map(serviceOut), answers: answers.map(answerOut) };
  if (format === 'json') return JSON.stringify(tree, null, 2) + '\n';
  return YAML.stringify(tree, { lineWidth: 0, aliasDuplicateObjects: false });
}
