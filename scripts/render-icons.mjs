// Renders public/icon.svg to the PNG icons of the web app manifest (and the apple-touch-icon)
// in headless Chromium: `node scripts/render-icons.mjs` after changing the SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const svg = readFileSync(new URL('../public/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [size, out] of [[192, 'public/icon-192.png'], [512, 'public/icon-512.png'], [180, 'public/apple-touch-icon.png']]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `)}</body></html>`);
  await page.screenshot({ path: new URL(`../${out}`, import.meta.url).pathname, omitBackground: true });
  await page.close();
}
await browser.close();
