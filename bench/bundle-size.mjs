// Prints the release bundle's size: wasm, JS and CSS, raw and gzip (level 9).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
let raw = 0;
let gz = 0;
console.log('file | raw KB | gzip KB');
for (const name of readdirSync(dist)) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const bytes = readFileSync(new URL(name, dist));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`${name.replace(/-[0-9a-f]{16}/, '')} | ${(bytes.length / 1024).toFixed(1)} | ${(zipped / 1024).toFixed(1)}`);
}
console.log(`total | ${(raw / 1024).toFixed(1)} | ${(gz / 1024).toFixed(1)}`);
