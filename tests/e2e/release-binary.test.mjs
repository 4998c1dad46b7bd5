// The release server binary carries the whole app: copied alone into an empty directory (no
// dist/ beside it, no repository around it) it serves the page, its hashed files, the web app
// manifest, the icons and the service worker, and the app runs from it in Chromium, which
// gets the build's brotli copies of the wasm, script, style and page (scripts/precompress.mjs).
//
// Environment: KARTENWAND_RELEASE_BIN overrides the binary; by default the `server` profile
// binary that scripts/run.sh starts (target/server/kartenwand-server) is built if needed
// (a no-op when scripts/test.sh just built it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, printedAddress } from '../interop/server.mjs';
import { launchBrowser, newContext, watchErrors } from './harness.mjs';

let dir;
let child;
let url;
let log = '';

before(async () => {
  let bin = process.env.KARTENWAND_RELEASE_BIN;
  if (!bin) {
    bin = join(ROOT, 'target', 'server', 'kartenwand-server');
    const r = spawnSync(process.env.CARGO ?? 'cargo', ['build', '--profile', 'server', '-p', 'server', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    assert.equal(r.status, 0, 'cargo build --profile server -p server');
  }
  dir = mkdtempSync(join(tmpdir(), 'kartenwand-release-'));
  copyFileSync(bin, join(dir, 'kartenwand-server'));
  const env = { ...process.env, RUST_LOG: 'warn' };
  delete env.KARTENWAND_DATA;
  // Port 0: the server binds a free port itself and prints it.
  child = spawn('./kartenwand-server', ['--listen', '127.0.0.1:0', '--data-dir', 'data'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  url = `http://${await printedAddress(child.stdout, exited)}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await Promise.race([
      fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false),
      exited.then(() => { throw new Error(`the server exited:\n${log}`); }),
    ]);
    if (up) break;
    assert.ok(Date.now() < deadline, `no answer from /api/health:\n${log}`);
    await new Promise((r) => setTimeout(r, 50)); // poll interval while the process starts
  }
});

after(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function get(path) {
  const res = await fetch(`${url}${path}`);
  assert.equal(res.status, 200, `GET ${path}`);
  return res;
}

test('the release binary alone in an empty directory serves the full app', async () => {
  assert.deepEqual(readdirSync(dir).sort(), ['data', 'kartenwand-server'], 'nothing but the binary and its data');

  const page = await get('/');
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  assert.match(html, /<title>Kartenwand<\/title>/);
  const js = html.match(/'(\/kartenwand-[0-9a-f]+\.js)'/)?.[1];
  const wasm = html.match(/'(\/kartenwand-[0-9a-f]+_bg\.wasm)'/)?.[1];
  const css = html.match(/href="(\/main-[0-9a-f]+\.css)"/)?.[1];
  assert.ok(js && wasm && css, `the page names its script, module and style:\n${html}`);

  const script = await get(js);
  assert.match(script.headers.get('content-type'), /javascript/);
  assert.match(script.headers.get('cache-control'), /immutable/);
  const module = await get(wasm);
  assert.equal(module.headers.get('content-type'), 'application/wasm', 'streaming instantiation needs it');
  assert.deepEqual([...new Uint8Array(await module.arrayBuffer()).slice(0, 4)], [0, 0x61, 0x73, 0x6d]);
  assert.match((await get(css)).headers.get('content-type'), /^text\/css/);

  const sw = await get('/sw.js');
  assert.match(sw.headers.get('content-type'), /javascript/);
  assert.equal(sw.headers.get('cache-control'), 'no-cache', 'browsers must find a new service worker');
  assert.match(await sw.text(), /addEventListener\('fetch'/);

  assert.match(html, /<link rel="manifest" href="\/manifest.webmanifest"/);
  const manifestRes = await get('/manifest.webmanifest');
  assert.equal(manifestRes.headers.get('content-type'), 'application/manifest+json');
  const manifest = await manifestRes.json();
  assert.equal(manifest.name, 'Kartenwand');
  assert.equal(manifest.start_url, '/');
  assert.equal(manifest.display, 'standalone');
  const sizes = new Set();
  for (const icon of manifest.icons) {
    const res = await get(icon.src);
    assert.equal(res.headers.get('content-type'), icon.type, icon.src);
    sizes.add(icon.sizes);
  }
  assert.ok(sizes.has('192x192') && sizes.has('512x512'), 'PNG icons of 192 and 512 pixels');
  const touch = html.match(/<link rel="apple-touch-icon" href="([^"]+)"/)?.[1];
  assert.equal((await get(touch)).headers.get('content-type'), 'image/png');

  // An address of a board is the app too (the app routes it).
  assert.equal(await (await get('/b/abc123')).text(), html);
});

test('the app runs from the release binary and its service worker takes over', async () => {
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const errors = watchErrors(page);
    const wasmResponse = page.waitForResponse((r) => r.url().endsWith('_bg.wasm'));
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(url);
    await page.getByRole('button', { name: 'Wand anlegen' }).waitFor();

    // The wasm came over the wire as the build's brotli copy, a fraction of its size.
    const wasm = await wasmResponse;
    const headers = await wasm.allHeaders();
    assert.equal(headers['content-encoding'], 'br', 'the wasm is sent as brotli');
    assert.equal(headers['content-type'], 'application/wasm');
    assert.match(headers.vary ?? '', /accept-encoding/i);
    const decoded = (await wasm.body()).length;
    const { responseBodySize: onTheWire } = await wasm.request().sizes();
    assert.ok(onTheWire > 0 && onTheWire < decoded / 3, `wasm: ${onTheWire} bytes sent for ${decoded}`);
    // So are the page, the script and the styles.
    for (const r of responses) {
      const path = new URL(r.url()).pathname;
      if (path === '/' || /\.(js|css)$/.test(path)) {
        assert.equal((await r.allHeaders())['content-encoding'], 'br', path);
      }
    }
    let firstLoad = 0;
    for (const r of responses) firstLoad += (await r.request().sizes()).responseBodySize;
    console.log(`first load: ${responses.length} responses, ${firstLoad} bytes of bodies on the wire`);

    await page.waitForFunction(() => navigator.serviceWorker?.controller);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
