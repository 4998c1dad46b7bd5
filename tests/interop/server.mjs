// Starts and stops a real kartenwand-server for tests (interop with stock Yjs clients, browser
// tests), and creates boards on it. Reusable from any node test:
//
//   import { startServer, createBoard } from '../interop/server.mjs';
//   const server = await startServer();            // builds it first if the binary is missing
//   const board = await createBoard(server);       // { id, participant_token, ... }
//   new WebsocketProvider(server.syncUrl, board.id, doc, { params: { token: board.participant_token }, WebSocketPolyfill: WebSocket });
//   await server.stop();
//
// Environment: KARTENWAND_SERVER_BIN overrides the binary (default target/debug/kartenwand-server,
// built with `cargo build -p server` when absent).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_BIN = join(ROOT, 'target', 'debug', 'kartenwand-server');

/** The server binary; runs `cargo build -p server` once if it is missing. */
export function serverBinary() {
  const bin = process.env.KARTENWAND_SERVER_BIN ?? DEFAULT_BIN;
  if (!existsSync(bin)) {
    if (process.env.KARTENWAND_SERVER_BIN) throw new Error(`KARTENWAND_SERVER_BIN=${bin} does not exist`);
    const cargo = process.env.CARGO ?? 'cargo';
    const r = spawnSync(cargo, ['build', '-p', 'server'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`cargo build -p server failed (status ${r.status})`);
  }
  return bin;
}

/**
 * Resolves with the address a starting kartenwand-server prints (`http://127.0.0.1:PORT/`,
 * the real port when it was started on port 0), read from `stream` (its stdout, utf8); rejects
 * if `exited` settles first.
 */
export function printedAddress(stream, exited) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (m) {
        stream.off('data', onData);
        resolve(m[1]);
      }
    };
    stream.on('data', onData);
    exited.then(() => reject(new Error(`the server exited before printing its address:\n${seen}`)));
  });
}

/**
 * Starts kartenwand-server on a free port of 127.0.0.1 with a fresh data directory (or
 * `opts.dataDir`), and resolves once `GET /api/health` answers.
 *
 * Options: `dataDir`, `args` (extra flags), `env`, `port`, `timeoutMs` (default 60 s, which
 * includes nothing of a build), `quiet` (default true: keep the server's log, print it only
 * when start-up fails; `server.log()` returns it).
 *
 * Resolves to `{ url, syncUrl, wsBase, port, pid, dataDir, log(), stop(), kill(), exited }`:
 * `url` is `http://127.0.0.1:PORT`, `syncUrl` is `ws://127.0.0.1:PORT/sync` (the server URL
 * for a stock `WebsocketProvider`; the room is the board id). `stop()` ends the server with
 * SIGTERM (SIGKILL after 5 s) and removes a data directory this function made; `kill()` sends
 * SIGKILL and keeps the data directory (for restart tests: start again with the same `dataDir`).
 */
export async function startServer(opts = {}) {
  const bin = serverBinary();
  // Port 0: the server binds a free port itself and prints it, so no other process can take
  // it in between. A restart passes the old `port` (clients reconnect to the same address).
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kartenwand-test-'));
  const args = ['--listen', `127.0.0.1:${opts.port ?? 0}`, '--data-dir', dataDir, ...(opts.args ?? [])];
  const child = spawn(bin, args, {
    cwd: ROOT,
    env: { RUST_LOG: 'warn', ...process.env, ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => {
    log += chunk;
    if (log.length > 200_000) log = log.slice(-100_000);
    if (opts.quiet === false) process.stderr.write(chunk);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  exited.then(() => { hasExited = true; });
  let port;
  let timer;
  try {
    const address = await Promise.race([
      printedAddress(child.stdout, exited),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no address printed')), opts.timeoutMs ?? 60_000); }),
    ]);
    port = Number(address.split(':')[1]);
  } catch (e) {
    child.kill('SIGKILL');
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`kartenwand-server did not start: ${e.message}\n${log}`);
  } finally {
    clearTimeout(timer);
  }

  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    wsBase: `ws://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    dataDir,
    child,
    exited,
    log: () => log,
    async stop() {
      if (!hasExited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      if (!hasExited) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (hasExited) {
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`kartenwand-server exited during start-up:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return server;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`kartenwand-server did not answer /api/health within the timeout:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50)); // poll interval while the process starts
  }
}

/**
 * Creates a board: `POST /api/boards` with `body` (JSON, default `{ title }`), resolves to the
 * answer `{ id, facilitator_token, participant_token, viewer_token, ... }`.
 */
export async function createBoard(server, body = { title: 'Interop-Test' }) {
  const res = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST /api/boards: HTTP ${res.status}: ${text}`);
  const board = JSON.parse(text);
  for (const k of ['id', 'facilitator_token', 'participant_token']) {
    if (typeof board[k] !== 'string' || !board[k]) throw new Error(`POST /api/boards: no ${k} in ${text}`);
  }
  return board;
}
