import type { Express } from 'express';
import type { App } from '../app-types.ts';
import type { Lang } from '../chat/model.ts';
import { isLang } from '../i18n/index.ts';
import { CHART_LINK_DAYS, checkChartLink } from './chart-links.ts';
import { surveyChart } from './summary.ts';

/**
 * `GET /charts/survey/:id/:chart.png` (and `.svg`): the charts of the result cards.
 * Only aggregated, group-size-checked figures are drawn (404 when withheld). The link must
 * carry the signature the bot put in the card, and not be past its expiry (checkChartLink).
 */
export function mountSurveyRoutes(http: Express, app: App): void {
  http.get('/charts/survey/:id/:file', (req, res, next) => {
    const m = /^([a-z0-9-]{1,100})\.(png|svg)$/.exec(req.params.file ?? '');
    const id = req.params.id ?? '';
    if (!m || !/^[a-z0-9-]{1,63}$/.test(id)) {
      res.status(404).json({ error: 'no such chart' });
      return;
    }
    const [, chart, format] = m as unknown as [string, string, 'png' | 'svg'];
    const check = checkChartLink(app, id, chart, req.query.exp, req.query.sig);
    if (check !== 'ok') {
      res.status(403).json({ error: check === 'expired' ? `this chart link has expired (links work for ${CHART_LINK_DAYS} days after the card was posted)` : 'chart links are signed: use the link from the result card' });
      return;
    }
    const lang: Lang = isLang(req.query.lang) ? req.query.lang : app.config.ITBOT_LANG;
    surveyChart(app, id, chart, lang, format)
      .then((out) => {
        if (out === null) {
          res.status(404).json({ error: 'no such chart, or its figures are withheld (fewer responses than the survey\'s minimum group size)' });
          return;
        }
        res.set('Cache-Control', 'private, max-age=60');
        res.type(format === 'png' ? 'image/png' : 'image/svg+xml').send(out);
      })
      .catch(next);
  });
}
