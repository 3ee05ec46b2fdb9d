// Renders the Teams app icons from their SVG sources: color.png (192x192) and outline.png
// (32x32, white on transparent). Run after editing an SVG: node --import tsx manifests/teams/icons.ts
// The PNGs are committed, so packaging needs no rendering.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const dir = dirname(fileURLToPath(import.meta.url));

export const ICONS = [
  { svg: 'color.svg', png: 'color.png', size: 192 },
  { svg: 'outline.svg', png: 'outline.png', size: 32 },
] as const;

/** The icon as PNG bytes and raw RGBA pixels, at its Teams size. */
export function renderIcon(svgFile: string, size: number): { png: Buffer; pixels: Buffer; width: number; height: number } {
  const r = new Resvg(readFileSync(join(dir, svgFile), 'utf8'), { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' });
  const img = r.render();
  return { png: img.asPng(), pixels: img.pixels, width: img.width, height: img.height };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const i of ICONS) {
    const { png, width, height } = renderIcon(i.svg, i.size);
    writeFileSync(join(dir, i.png), png);
    console.log(`${i.png}: ${width}x${height}, ${png.length} bytes`);
  }
}
