// PostgreSQL and Redis for node tests of the multi-node mode, as server/tests/support/ starts
// them for the Rust tests: Debian's `postgresql` (initdb in a temporary directory, as the
// `postgres` user when run as root, since PostgreSQL refuses root) and `redis-server` (nothing
// saved), each on a free port of 127.0.0.1 only, stopped and deleted by `stop()`.
//
//   const services = await startServices();   // { databaseUrl, redisUrl, stop() }
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian keeps PostgreSQL's programs per version under /usr/lib/postgresql; the newest wins. */
function pgBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b))
    : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed (scripts/install-tools.sh installs it)');
  return join(root, versions.at(-1), 'bin');
}

/** A port free right now (PostgreSQL and Redis cannot be told to take port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs `program` (as the postgres user when we are root); throws with its output on failure. */
function runPg(program, args, cwd) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${r.status}\n${r.stdout}${r.stderr}`);
}

/** Resolves once something accepts connections on `port` of 127.0.0.1. */
async function listening(port, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 20)); // poll interval while the process starts
  }
}

/** Starts PostgreSQL and Redis; resolves to `{ databaseUrl, redisUrl, stop() }`. */
export async function startServices() {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'kartenwand-services-'));
  if (isRoot()) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'pg');
  runPg(join(bin, 'initdb'), ['-D', data, '-U', 'kartenwand', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], dir);
  const pgPort = await freePort();
  runPg(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'pg.log'), '-w', '-t', '30',
    '-o', `-h 127.0.0.1 -p ${pgPort} -k ${dir} -c fsync=off -c synchronous_commit=off`, 'start'], dir);
  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no', '--dir', dir],
    { cwd: dir, stdio: 'ignore' });
  const redisExited = new Promise((resolve) => redis.once('exit', resolve));
  const stop = async () => {
    redis.kill('SIGKILL');
    await redisExited;
    try { runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], dir); } catch { /* already down */ }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await listening(redisPort, 'redis-server');
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    databaseUrl: `postgres://kartenwand@127.0.0.1:${pgPort}/postgres`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    stop,
  };
}
