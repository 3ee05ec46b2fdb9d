import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPackage, pngSize } from '../../manifests/teams/package.ts';
import { renderIcon } from '../../manifests/teams/icons.ts';
import { crc32 } from '../../manifests/teams/zip.ts';

/** Reads a ZIP through its central directory, checking each entry's CRC. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtra = buf.readUInt16LE(local + 28);
    const start = local + 30 + lNameLen + lExtra;
    const raw = buf.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data), name).toBe(crc);
    out.set(name, data);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'itbot-teams-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Teams app package', () => {
  const manifest = JSON.parse(readFileSync('manifests/teams/manifest.json', 'utf8'));

  it('uses a current manifest schema with the bot commands help, contact and upcoming', () => {
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.19);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['help', 'contact', 'upcoming']);
    const de = JSON.parse(readFileSync('manifests/teams/de.json', 'utf8'));
    expect(de['bots[0].commandLists[0].commands[0].title']).toBe('hilfe');
    expect(JSON.stringify(de)).not.toContain('ß');
  });

  it('has a 192x192 colour icon and a 32x32 white-on-transparent outline icon, matching their SVG sources', () => {
    expect(pngSize(readFileSync('manifests/teams/color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(readFileSync('manifests/teams/outline.png'))).toEqual({ width: 32, height: 32 });
    const o = renderIcon('outline.svg', 32);
    let visible = 0;
    for (let i = 0; i < o.pixels.length; i += 4) {
      const [r, g, b, a] = [o.pixels[i]!, o.pixels[i + 1]!, o.pixels[i + 2]!, o.pixels[i + 3]!];
      if (a === 0) continue;
      visible++;
      // premultiplied white: colour equals coverage
      expect([r, g, b]).toEqual([a, a, a]);
    }
    expect(visible).toBeGreaterThan(50);
    expect(visible).toBeLessThan(32 * 32 / 2); // mostly transparent
    expect(o.pixels[3]).toBe(0); // the corner is transparent
    expect(renderIcon('color.svg', 192).pixels[3]).toBe(255); // the colour icon is opaque
  });

  it('builds the sideload zip with the app id filled in', () => {
    const appId = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    const r = buildPackage({ appId, out: join(dir, 'app.zip') });
    const files = unzip(readFileSync(r.file));
    expect([...files.keys()]).toEqual(['manifest.json', 'de.json', 'color.png', 'outline.png']);
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(m.id).toBe(appId);
    expect(m.bots[0].botId).toBe(appId);
    expect(JSON.stringify(m)).not.toContain('{{');
    expect(files.get('color.png')!.equals(readFileSync('manifests/teams/color.png'))).toBe(true);
    // deterministic: the same input gives the same bytes
    const again = buildPackage({ appId, out: join(dir, 'app2.zip') });
    expect(readFileSync(again.file).equals(readFileSync(r.file))).toBe(true);
  });

  it('refuses a missing or malformed app id, naming the setting', () => {
    expect(() => buildPackage({ out: join(dir, 'x.zip') })).toThrow(/MICROSOFT_APP_ID: required/);
    expect(() => buildPackage({ appId: 'not-a-guid', out: join(dir, 'x.zip') })).toThrow(/MICROSOFT_APP_ID: "not-a-guid" is not a GUID/);
  });
});
