// `npm run package:teams [-- --app-id GUID] [--out FILE]`: the Teams app package to sideload
// (manifest.json with the bot's app id, de.json, color.png, outline.png), written to
// var/teams/itbot-teams.zip by default. The app id comes from --app-id or MICROSOFT_APP_ID.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.ts';

const dir = dirname(fileURLToPath(import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PNG width and height from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface PackageResult {
  file: string;
  manifest: Record<string, unknown>;
  bytes: number;
}

/** Builds the package; throws with the setting to fix when the app id is missing or not a GUID. */
export function buildPackage(opts: { appId?: string; out?: string; version?: string }): PackageResult {
  const appId = opts.appId?.trim();
  if (!appId) throw new Error('MICROSOFT_APP_ID: required (or --app-id): the bot\'s Microsoft App ID from its Azure Bot registration');
  if (!GUID.test(appId)) throw new Error(`MICROSOFT_APP_ID: "${appId}" is not a GUID`);
  const text = readFileSync(join(dir, 'manifest.json'), 'utf8').replaceAll('{{MICROSOFT_APP_ID}}', appId);
  const manifest = JSON.parse(text) as Record<string, unknown>;
  if (opts.version) manifest.version = opts.version;
  const color = readFileSync(join(dir, 'color.png'));
  const outline = readFileSync(join(dir, 'outline.png'));
  const c = pngSize(color);
  const o = pngSize(outline);
  if (c.width !== 192 || c.height !== 192) throw new Error(`color.png: must be 192x192, is ${c.width}x${c.height}`);
  if (o.width !== 32 || o.height !== 32) throw new Error(`outline.png: must be 32x32, is ${o.width}x${o.height}`);
  const data = zip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') },
    { name: 'de.json', data: readFileSync(join(dir, 'de.json')) },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
  ]);
  const file = resolve(opts.out ?? join(dir, '../../var/teams/itbot-teams.zip'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  return { file, manifest, bytes: data.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  try {
    const r = buildPackage({ appId: arg('--app-id') ?? process.env.MICROSOFT_APP_ID, out: arg('--out'), version: arg('--version') });
    console.log(`${r.file} (${r.bytes} bytes): upload it in Teams under Apps > Manage your apps > Upload an app`);
  } catch (e) {
    console.error(`package:teams: ${(e as Error).message}`);
    process.exit(2);
  }
}
