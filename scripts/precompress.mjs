// Writes `NAME.br` (brotli, best quality) and `NAME.gz` (gzip -9) beside every file of the
// built app that compresses, so the server sends a finished encoding instead of compressing
// on each request (server/src/assets.rs picks one by the browser's Accept-Encoding).
//
// Runs as trunk's post_build hook (Trunk.toml) on the staging folder, TRUNK_STAGING_DIR;
// by hand: `node scripts/precompress.mjs dist`.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Text and wasm. Images in PNG are already compressed; anything unknown is left alone.
const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|svg|json|webmanifest|txt|xml|map)$/;
// Below this a compressed copy saves no packet: the response headers outweigh it.
const MIN_BYTES = 256;

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs DIR (or set TRUNK_STAGING_DIR)');
  process.exit(2);
}

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

let before = 0;
let after = 0;
for (const path of [...files(dir)]) {
  if (path.endsWith('.br') || path.endsWith('.gz')) {
    // A leftover of an earlier run on the same folder: made anew below, or dropped.
    unlinkSync(path);
    continue;
  }
  if (!COMPRESSIBLE.test(path) || statSync(path).size < MIN_BYTES) continue;
  const data = readFileSync(path);
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: path.endsWith('.wasm')
        ? constants.BROTLI_MODE_GENERIC
        : constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gz = gzipSync(data, { level: 9 });
  // A variant that is not smaller would only cost bytes in the binary.
  if (br.length < data.length) writeFileSync(`${path}.br`, br);
  if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
  before += data.length;
  after += Math.min(br.length, data.length);
}
console.log(`precompress: ${before} bytes of text and wasm, ${after} as brotli`);
