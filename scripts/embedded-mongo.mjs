#!/usr/bin/env node
// Embedded default database for Suji development: builds and runs
// tools/embedded-mongo (FerretDB v1.24.2 embedded, MongoDB wire protocol,
// SQLite storage). Set MONGODB_URI to use a real MongoDB 7/8 server instead.
//
// Library use (plain ESM, Node 20, no dependencies):
//   import { buildEmbeddedMongo, startEmbeddedMongo } from './scripts/embedded-mongo.mjs';
//   const db = await startEmbeddedMongo({ dataDir: 'data/db' }); // db.uri, db.port
//   ...; await db.stop();
//
// CLI use:
//   node scripts/embedded-mongo.mjs build
//   node scripts/embedded-mongo.mjs start [--data ./data/db] [--port 27017] [--log-level warn]

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIR = path.join(ROOT_DIR, 'tools', 'embedded-mongo');
export const CACHE_DIR = path.join(ROOT_DIR, '.cache', 'embedded-mongo');
export const BINARY_PATH = path.join(
  CACHE_DIR,
  process.platform === 'win32' ? 'embedded-mongo.exe' : 'embedded-mongo',
);
const STAMP_PATH = `${BINARY_PATH}.stamp`;
const SOURCE_FILES = ['main.go', 'go.mod', 'go.sum'];
const BUILD_ARGS = ['build', '-trimpath', '-buildvcs=false'];

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_STDERR_CHARS = 64 * 1024;
const MIN_GO = [1, 22];

const INSTALL_HINT =
  'Install Go >= 1.22 (e.g. `apt-get install golang` or from https://go.dev/dl/; ' +
  'Go 1.22/1.23 fetch the required Go 1.24 toolchain automatically unless GOTOOLCHAIN=local), ' +
  'or set MONGODB_URI to a MongoDB 7/8 server (e.g. MONGODB_URI=mongodb://127.0.0.1:27017/suji).';

export const GO_NOT_FOUND_MESSAGE =
  `The embedded development database needs Go to build, but \`go\` was not found on PATH. ${INSTALL_HINT}`;

const defaultLog = (msg) => console.log(msg);

/** Runs a command, resolves {code, stdout, stderr}; rejects only if it cannot be spawned. */
function run(cmd, args, { cwd, onStderrLine } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    splitLines(child.stderr, (line) => {
      stderr += `${line}\n`;
      onStderrLine?.(line);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr }));
  });
}

/** Calls onLine for each complete line of a readable stream (and the final partial line). */
function splitLines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (buf) onLine(buf);
    buf = '';
  });
}

async function sourceHash() {
  const h = createHash('sha256');
  h.update(`${process.platform}-${process.arch}\0${BUILD_ARGS.join(' ')}\0`);
  for (const name of SOURCE_FILES) {
    h.update(`${name}\0`);
    h.update(await fs.readFile(path.join(SOURCE_DIR, name)));
    h.update('\0');
  }
  return h.digest('hex');
}

async function readStamp() {
  try {
    return JSON.parse(await fs.readFile(STAMP_PATH, 'utf8'));
  } catch {
    return null;
  }
}

async function exists(p) {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Returns the `go version` string or throws GO_NOT_FOUND_MESSAGE. */
async function checkGo() {
  let res;
  try {
    res = await run('go', ['version']);
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error(GO_NOT_FOUND_MESSAGE);
    throw err;
  }
  const version = res.stdout.trim();
  const m = /go(\d+)\.(\d+)/.exec(version);
  if (res.code !== 0 || !m) {
    throw new Error(`\`go version\` failed (${res.code}): ${res.stderr.trim() || version}\n${INSTALL_HINT}`);
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw new Error(`The embedded development database needs Go >= 1.22 to build, but found "${version}". ${INSTALL_HINT}`);
  }
  return version;
}

/**
 * Builds tools/embedded-mongo into .cache/embedded-mongo/embedded-mongo.
 * Skips the build when main.go/go.mod/go.sum are unchanged since the last build
 * (hash stored in a stamp file next to the binary). Go is only required when a
 * build is actually needed.
 *
 * @param {{log?: (msg: string) => void}} [opts]
 * @returns {Promise<{binaryPath: string, built: boolean}>}
 */
export async function buildEmbeddedMongo({ log = defaultLog } = {}) {
  const hash = await sourceHash();
  const stamp = await readStamp();
  if (stamp?.hash === hash && (await exists(BINARY_PATH))) {
    log(`embedded-mongo: binary is up to date (${path.relative(process.cwd(), BINARY_PATH) || BINARY_PATH})`);
    return { binaryPath: BINARY_PATH, built: false };
  }

  const goVersion = await checkGo();
  await fs.mkdir(CACHE_DIR, { recursive: true });
  const tmpPath = `${BINARY_PATH}.tmp-${process.pid}`;

  log(
    `embedded-mongo: building FerretDB-based server with ${goVersion} ` +
      '(first build downloads modules and compiles SQLite; this can take 1-3 minutes)...',
  );
  const started = Date.now();
  const heartbeat = setInterval(() => {
    log(`embedded-mongo: still building... ${Math.round((Date.now() - started) / 1000)}s`);
  }, 15_000);
  let res;
  try {
    res = await run('go', [...BUILD_ARGS, '-o', tmpPath, '.'], {
      cwd: SOURCE_DIR,
      onStderrLine: (line) => {
        // `go: downloading ...` lines are useful progress on a cold build.
        if (line.startsWith('go: downloading')) log(`embedded-mongo: ${line}`);
      },
    });
  } finally {
    clearInterval(heartbeat);
  }
  if (res.code !== 0) {
    await fs.rm(tmpPath, { force: true });
    throw new Error(
      `embedded-mongo: \`go ${BUILD_ARGS.join(' ')}\` failed in ${SOURCE_DIR} (exit ${res.code}):\n${res.stderr.trim()}`,
    );
  }
  await fs.rename(tmpPath, BINARY_PATH);
  await fs.writeFile(
    STAMP_PATH,
    `${JSON.stringify({ hash, goVersion, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  log(`embedded-mongo: built in ${((Date.now() - started) / 1000).toFixed(1)}s -> ${BINARY_PATH}`);
  return { binaryPath: BINARY_PATH, built: true };
}

/**
 * Builds (if needed) and starts the embedded server.
 *
 * @param {{dataDir?: string, port?: number, log?: (msg: string) => void, logLevel?: string}} [opts]
 *   dataDir defaults to <repo>/data/db (created if missing); port 0/undefined picks a free
 *   loopback port (the server binds port 0 itself and reports the real port, so there is no race).
 * @returns {Promise<{uri: string, port: number, stop: () => Promise<void>, child: import('node:child_process').ChildProcess}>}
 */
export async function startEmbeddedMongo({ dataDir, port, log = defaultLog, logLevel = 'warn' } = {}) {
  const { binaryPath } = await buildEmbeddedMongo({ log });
  const dir = path.resolve(dataDir ?? path.join(ROOT_DIR, 'data', 'db'));
  const listenPort = port ? Number(port) : 0;
  if (!Number.isInteger(listenPort) || listenPort < 0 || listenPort > 65535) {
    throw new Error(`embedded-mongo: invalid port ${port}`);
  }

  const started = Date.now();
  const child = spawn(
    binaryPath,
    ['-listen', `127.0.0.1:${listenPort}`, '-data', dir, '-log-level', logLevel],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

  // Make sure the server does not outlive this process.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    });
  });

  let ready = false;
  let stderr = '';
  splitLines(child.stderr, (line) => {
    if (ready) {
      log(`[embedded-mongo] ${line}`);
    } else {
      stderr = (stderr + line + '\n').slice(-MAX_STDERR_CHARS);
    }
  });

  let uri;
  try {
    uri = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(
            `embedded-mongo did not become ready within ${READY_TIMEOUT_MS / 1000}s` +
              (stderr ? `; stderr:\n${stderr.trimEnd()}` : ''),
          ),
        );
      }, READY_TIMEOUT_MS);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`embedded-mongo failed to start (${binaryPath}): ${err.message}`));
      });
      splitLines(child.stdout, (line) => {
        const m = /^ready (mongodb:\/\/\S+)$/.exec(line.trim());
        if (m && !ready) {
          ready = true;
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        // Let the stderr stream drain so the error message is complete.
        setImmediate(() =>
          reject(
            new Error(
              `embedded-mongo exited (${signal ?? `code ${code}`}) before becoming ready` +
                (stderr ? `; stderr:\n${stderr.trimEnd()}` : ''),
            ),
          ),
        );
      });
    });
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw err;
  }

  const actualPort = Number(new URL(uri).port);
  log(`embedded-mongo: ready at ${uri} (data: ${dir}, started in ${Date.now() - started}ms)`);

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        log('embedded-mongo: did not stop within 10s after SIGTERM; sending SIGKILL');
        child.kill('SIGKILL');
        await exited;
      }
    })();
    return stopping;
  };

  return { uri, port: actualPort, stop, child };
}

async function cli(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  const usage =
    'Usage:\n' +
    '  node scripts/embedded-mongo.mjs build\n' +
    '  node scripts/embedded-mongo.mjs start [--data ./data/db] [--port 27017] [--log-level warn]\n' +
    '    (--port 0 picks a free port)';

  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 1;
  }
  if (command === 'build') {
    await buildEmbeddedMongo();
    return 0;
  }
  if (command !== 'start') {
    console.error(`Unknown command "${command}".\n${usage}`);
    return 1;
  }

  const port = values.port === undefined ? 27017 : Number(values.port);
  const db = await startEmbeddedMongo({
    dataDir: values.data,
    port,
    logLevel: values['log-level'],
  });
  console.log(`MONGODB_URI=${db.uri}`);
  console.log('Press Ctrl-C to stop.');

  return await new Promise((resolve) => {
    let signalled = false;
    const onSignal = async (sig) => {
      if (signalled) return;
      signalled = true;
      console.log(`\nembedded-mongo: ${sig} received, stopping...`);
      await db.stop();
      console.log('embedded-mongo: stopped');
      resolve(0);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    db.child.once('exit', (code, signal) => {
      if (signalled) return;
      if (code === 0) {
        // e.g. Ctrl-C in a terminal reaches the server (same process group) first.
        console.log('embedded-mongo: stopped');
        resolve(0);
        return;
      }
      console.error(`embedded-mongo exited unexpectedly (${signal ?? `code ${code}`})`);
      resolve(code || 1);
    });
  });
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err?.message ?? err);
      process.exit(1);
    },
  );
}
