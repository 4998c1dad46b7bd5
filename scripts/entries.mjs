// Puts the loader (pwa/loader.js) into the built index.html with the names trunk gave the two
// builds (`kartenwand-<hash>.js` / `_bg.wasm`, `participant-<hash>.js` / `_bg.wasm`): trunk
// loads one main build by itself, and this app picks one of two per page load.
//
// Runs as part of trunk's post_build hook (Trunk.toml) on the staging folder,
// TRUNK_STAGING_DIR; by hand: `node scripts/entries.mjs dist`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/entries.mjs DIR (or set TRUNK_STAGING_DIR)');
  process.exit(2);
}
const PLACEHOLDER = '<!-- kartenwand:loader -->';

/**
 * The one `{bin}-<hash>.js` and its wasm in the build. Trunk hashes the main build's names
 * only; the other one gets a content hash here, so browsers and the service worker cache it
 * like the main one (its JS is given the wasm's address, so the names need not match inside).
 */
function build(bin) {
  const files = readdirSync(dir);
  const named = files.filter((name) => new RegExp(`^${bin}-[0-9a-f]+\\.js$`).test(name));
  if (named.length > 1) throw new Error(`more than one ${bin}-<hash>.js in ${dir}`);
  if (named.length === 1) {
    const js = named[0];
    const wasm = js.replace(/\.js$/, '_bg.wasm');
    if (!files.includes(wasm)) throw new Error(`${wasm} is missing in ${dir}`);
    return { js: `/${js}`, wasm: `/${wasm}` };
  }
  if (!files.includes(`${bin}.js`) || !files.includes(`${bin}_bg.wasm`)) throw new Error(`no build of ${bin} in ${dir}`);
  const hash = createHash('sha256');
  hash.update(readFileSync(join(dir, `${bin}.js`)));
  hash.update(readFileSync(join(dir, `${bin}_bg.wasm`)));
  const base = `${bin}-${hash.digest('hex').slice(0, 16)}`;
  renameSync(join(dir, `${bin}.js`), join(dir, `${base}.js`));
  renameSync(join(dir, `${bin}_bg.wasm`), join(dir, `${base}_bg.wasm`));
  return { js: `/${base}.js`, wasm: `/${base}_bg.wasm` };
}

/**
 * The name dialog's texts in each language, read from the app's one table of texts
 * (src/i18n.rs), so the loader's early name dialog says what the app's says.
 */
function nameTexts() {
  const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../src/i18n.rs'), 'utf8');
  const keys = { heading: 'name_heading', help: 'name_help', label: 'name_label', placeholder: 'name_placeholder', listed: 'name_listed', join: 'join' };
  const texts = {};
  for (const [lang, table] of [['de', 'DE'], ['en', 'EN']]) {
    const start = source.indexOf(`pub static ${table}: Strings = Strings {`);
    const end = source.indexOf('\n};', start);
    if (start < 0 || end < 0) throw new Error(`src/i18n.rs has no table ${table}`);
    const body = source.slice(start, end);
    texts[lang] = {};
    for (const [name, key] of Object.entries(keys)) {
      const found = new RegExp(`\\n\\s*${key}: "((?:[^"\\\\]|\\\\.)*)",`).exec(body);
      if (!found) throw new Error(`src/i18n.rs: no text ${key} in ${table}`);
      texts[lang][name] = JSON.parse(`"${found[1]}"`);
    }
  }
  return texts;
}

const full = build('kartenwand');
const participant = build('participant');
const loader = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../pwa/loader.js'), 'utf8')
  .replace('@FULL_JS@', full.js)
  .replace('@FULL_WASM@', full.wasm)
  .replace('@PARTICIPANT_JS@', participant.js)
  .replace('@PARTICIPANT_WASM@', participant.wasm)
  .replace('@NAME_TEXTS@', () => JSON.stringify(nameTexts()));
const page = join(dir, 'index.html');
const html = readFileSync(page, 'utf8');
if (!html.includes(PLACEHOLDER)) throw new Error(`index.html has no ${PLACEHOLDER}`);
writeFileSync(page, html.replace(PLACEHOLDER, `<script>\n${loader}</script>`));
console.log(`entries: full ${full.js}, participant ${participant.js}`);
