import type { Express } from 'express';
import type { App } from '../app-types.ts';
import type { Lang } from '../chat/model.ts';
import { safeEqual } from '../secret.ts';
import { acceptedChartSignatures, surveyChart } from './summary.ts';

/**
 * `GET /charts/survey/:id/:chart.png` (and `.svg`): the charts of the result cards.
 * Only aggregated, group-size-checked figures are drawn (404 when withheld). The link must
 * carry the signature the bot put in the card (always: see chartSignature; cards posted by
 * earlier versions: acceptedChartSignatures).
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
    const sig = String(req.query.sig ?? '');
    if (!acceptedChartSignatures(app, id, chart).some((expected) => safeEqual(sig, expected))) {
      res.status(403).json({ error: 'chart links are signed: use the link from the result card' });
      return;
    }
    const lang: Lang = req.query.lang === 'de' || req.query.lang === 'en' ? req.query.lang : app.config.ITBOT_LANG;
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
