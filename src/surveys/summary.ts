import type { App } from '../app-types.ts';
import type { Block, Lang, OutMessage, Platform } from '../chat/model.ts';
import { formatDecimal, formatMean, pick } from '../i18n/index.ts';
import { departmentChannel, isItStaff, IT_DEPARTMENT } from '../people/audience.ts';
import { enqueue, type OutboxTarget } from '../jobs/outbox.ts';
import { enabledPlatforms, servedItChannel } from '../projects/targets.ts';
import type { RunRow } from '../store/survey-repo.ts';
import { renderDistributionChart, renderTrendChart } from '../charts/render.ts';
import type { SurveyDef } from './definition.ts';
import { answerOptions } from './messages.ts';
import { ratePercent, surveyResults, type SurveyResults, type SurveyResultsByWave } from './results.ts';
import { runTitle, waveLabels } from './runs.ts';
import { heldBackText, st } from './texts.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { signChartLink } from './chart-links.ts';

/**
 * A chart name in the URL: `dist-RUNID-QUESTION` (distribution of one run),
 * `trendto-RUNID-QUESTION` (mean, or NPS, per wave, of the waves closed when run RUNID closed:
 * what its result card showed, however many answers later waves get) or `trend-QUESTION` (the
 * same over every closed wave; the links of cards posted before `trendto`). Signed with the chart
 * links' own key and expiring (chart-links.ts), so only links the bot handed out are served, a
 * link works whoever composed the card, and a link seen in a channel tells nothing about the
 * admin token.
 */
export function chartUrl(app: App, surveyId: string, chart: string, lang: Lang): string {
  const base = (app.config.ITBOT_PUBLIC_URL ?? '').replace(/\/$/, '');
  const { exp, sig } = signChartLink(app, surveyId, chart);
  return `${base}/charts/survey/${encodeURIComponent(surveyId)}/${chart}.png?lang=${lang}&exp=${exp}&sig=${sig}`;
}

/**
 * Renders a survey chart from aggregated, group-size-checked results only; null when the
 * chart does not exist or its figures are withheld. A page that draws several charts of the
 * survey passes the results it has already read (`results`, of the same survey): the admin
 * pages, which show open waves live. Without them (a link from a result card, seen by anyone
 * in the channel) only closed waves are drawn: a link never shows an open wave's figures
 * moving answer by answer, which would tell each new answer.
 */
export async function surveyChart(app: App, surveyId: string, chart: string, lang: Lang, format: 'svg' | 'png', results?: SurveyResultsByWave): Promise<string | Buffer | null> {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  if (!stored) return null;
  const def = stored.def;
  const dist = /^dist-(\d{1,15})-([a-z0-9-]+)$/.exec(chart);
  if (dist) {
    const runId = Number(dist[1]);
    const run = repo.run(runId);
    const q = def.questions.find((x) => x.id === dist[2]);
    if (!run || run.survey_id !== surveyId || !q || q.type === 'text') return null;
    const res = results ? results.wave(runId) : surveyResults(app, surveyId, (r) => r.id === runId);
    const qr = res?.questions.find((x) => x.id === q.id);
    if (!qr?.distribution) return null;
    const bars = answerOptions(q, lang).map((o) => ({ label: o.label, count: qr.distribution![o.value] ?? 0 }));
    const input = { title: st(lang, 'chartDistribution', { question: pick(q.text, lang) }), bars, lang };
    return format === 'png' ? renderDistributionChart(input, 'png') : renderDistributionChart(input);
  }
  const trend = /^trend-([a-z0-9-]+)$/.exec(chart) ?? /^trendto-(\d{1,15})-([a-z0-9-]+)$/.exec(chart);
  if (trend) {
    const upTo = trend.length === 3 ? repo.run(Number(trend[1])) : undefined;
    if (upTo !== undefined && (!upTo?.closed_at || upTo.survey_id !== surveyId)) return null;
    const q = def.questions.find((x) => x.id === trend[trend.length - 1]);
    if (!q || !['csat', 'nps', 'likert'].includes(q.type)) return null;
    // a card's chart: the waves closed when its run closed; an older card's: every closed wave
    const shown = (r: RunRow) => r.closed_at !== null && (!upTo || r.closed_at <= upTo.closed_at!);
    const res = upTo ? surveyResults(app, surveyId, shown) : results?.all ?? surveyResults(app, surveyId, shown);
    const labels = waveLabels(res.waves);
    const points = res.waves.map((w, i) => {
      const qr = w.questions.find((x) => x.id === q.id);
      return { label: labels[i]!, value: (q.type === 'nps' ? qr?.nps : qr?.mean) ?? null };
    });
    if (!points.some((p) => p.value !== null)) return null;
    const input = {
      title: st(lang, 'chartTrend', { question: pick(q.text, lang) }),
      points,
      lang,
      domain: (q.type === 'nps' ? [-100, 100] : [1, 5]) as [number, number],
    };
    return format === 'png' ? renderTrendChart(input, 'png') : renderTrendChart(input);
  }
  return null;
}

/**
 * Where the IT channel is on each configured platform; the web chat's channel is "IT". The
 * platforms come from the configuration, not from this process's senders, so a run closed by
 * `itbot survey close` gets the same cards as one closed by the server. Slack's channel: this
 * process's `ITBOT_IT_CHANNEL`, else the one the server noted at its start, else departments.csv.
 */
function itChannels(app: App): OutboxTarget[] {
  const dept = app.people.department(IT_DEPARTMENT);
  const targets: OutboxTarget[] = [];
  const platforms = enabledPlatforms(app);
  const slack = app.config.ITBOT_IT_CHANNEL ?? servedItChannel(app.db) ?? dept?.itChannelSlack;
  if (platforms.includes('slack') && slack) targets.push({ kind: 'channel', platform: 'slack', channelId: slack });
  if (platforms.includes('teams') && dept?.itChannelTeams) targets.push({ kind: 'channel', platform: 'teams', channelId: dept.itChannelTeams });
  if (app.senders.has('web')) targets.push({ kind: 'channel', platform: 'web' as Platform, channelId: departmentChannel(app.people, IT_DEPARTMENT) });
  return targets;
}

/** The languages of the IT department's people, `ITBOT_LANG` first; only it when the department has nobody. */
function itLanguages(app: App): Lang[] {
  const first = app.config.ITBOT_LANG;
  const spoken = new Set(app.people.all({ activeOnly: true }).filter(isItStaff).map((p) => p.language ?? first));
  return [first, ...(['de', 'en'] as const).filter((l) => l !== first && spoken.has(l))];
}

/** The result card of one run, in one language: figures, or why they are withheld, and charts. */
export function summaryCard(app: App, def: SurveyDef, run: RunRow, res: SurveyResults, lang: Lang): OutMessage {
  const title = st(lang, 'resultsTitle', { title: pick(runTitle(def, run), lang) });
  const rate = res.recipients ? `${ratePercent(res)}%` : '-';
  const fields = [
    { label: st(lang, 'resultsResponses'), value: `${res.responses} / ${res.recipients}` },
    { label: st(lang, 'resultsRate'), value: rate },
  ];
  const blocks: Block[] = [{ type: 'header', text: title }];
  const lines: string[] = [`${fields[0]!.label}: ${fields[0]!.value}`, `${fields[1]!.label}: ${rate}`];
  if (res.withheld) {
    // (a survey with minGroupSize 1 withholds only when nobody answered)
    const why = def.minGroupSize === 1 ? st(lang, 'resultsNone') : st(lang, 'resultsWithheld', { min: def.minGroupSize });
    blocks.push({ type: 'fields', fields }, { type: 'text', text: why });
    lines.push(why);
    return { text: [title, ...lines].join('\n'), lang, blocks };
  }
  for (const q of def.questions) {
    const r = res.questions.find((x) => x.id === q.id);
    if (!r || r.withheld) continue;
    if (r.mean !== null && q.type !== 'nps') fields.push({ label: st(lang, 'resultsMean', { question: pick(q.text, lang) }), value: formatMean(r.mean, lang) });
    // the share of 4 and 5, as the command line and the admin page give it
    if (r.csat != null) fields.push({ label: st(lang, 'resultsCsat', { question: pick(q.text, lang) }), value: `${formatDecimal(r.csat, lang, 0, 1)}%` });
    if (r.nps !== null) fields.push({ label: st(lang, 'resultsNps', { question: pick(q.text, lang) }), value: String(r.nps) });
  }
  blocks.push({ type: 'fields', fields });
  lines.push(...fields.slice(2).map((f) => `${f.label}: ${f.value}`));
  if (res.heldBack) {
    const held = heldBackText(lang, res.heldBack);
    blocks.push({ type: 'text', text: held });
    lines.push(held);
  }
  const first = def.questions.find((q) => q.type !== 'text' && !res.questions.find((x) => x.id === q.id)?.withheld);
  if (first) blocks.push({ type: 'image', url: chartUrl(app, def.id, `dist-${run.id}-${first.id}`, lang), alt: st(lang, 'chartDistribution', { question: pick(first.text, lang) }) });
  const numeric = def.questions.find((q) => ['csat', 'nps', 'likert'].includes(q.type));
  // the trend over the waves closed by now (this one the last): the link keeps showing them, also
  // once a later wave is open and answers come in
  const waves = run.closed_at ? new SurveyRepo(app.db).runs(def.id).filter((r) => r.closed_at !== null && r.closed_at <= run.closed_at!).length : 0;
  if (numeric && waves > 1) blocks.push({ type: 'image', url: chartUrl(app, def.id, `trendto-${run.id}-${numeric.id}`, lang), alt: st(lang, 'chartTrend', { question: pick(numeric.text, lang) }) });
  return { text: [title, ...lines].join('\n'), lang, blocks };
}

/** Posts the result card of a closed run to the IT channel (once per platform: outbox key). */
export function postSummary(app: App, def: SurveyDef, run: RunRow): number {
  const res = surveyResults(app, def.id, (r) => r.id === run.id);
  // in the languages of the IT people who read the IT channel: one card, both languages when they speak both
  const cards = itLanguages(app).map((l) => summaryCard(app, def, run, res, l));
  const message: OutMessage = cards.length === 1 ? cards[0]! : {
    text: cards.map((c) => c.text).join('\n\n'),
    // (the charts once, with the first language's titles)
    blocks: cards.flatMap((c, i) => (i === 0 ? c.blocks ?? [] : [{ type: 'divider' } as Block, ...(c.blocks ?? []).filter((b) => b.type !== 'image')])),
  };
  let queued = 0;
  for (const target of itChannels(app)) {
    const platform = target.kind === 'channel' ? target.platform : 'person';
    const r = enqueue(app.db, app.clock.now(), {
      key: `survey:${def.id}:${run.run_key}:summary:${platform}`,
      kind: 'survey-summary',
      target,
      message,
      source: { survey: def.id, run: run.run_key },
    });
    if (r.created) queued++;
  }
  return queued;
}
