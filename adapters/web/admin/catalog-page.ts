import type express from 'express';
import type { AdminContext } from './context.ts';

export function registerCatalogPage(_router: express.Router, _ctx: AdminContext): void {}
