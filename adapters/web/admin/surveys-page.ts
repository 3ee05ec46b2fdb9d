import type express from 'express';
import type { AdminContext } from './context.ts';

export function registerSurveyPages(_router: express.Router, _ctx: AdminContext): void {}
