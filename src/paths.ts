import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (where package.json is). */
export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Demo data, migrations and editable templates. */
export const DATA_DIR = resolve(ROOT_DIR, 'data');
/** Default database file when neither --db nor ITBOT_DB is given. */
export const DEFAULT_DB = resolve(ROOT_DIR, 'var', 'itbot.db');
