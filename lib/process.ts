/** Child processes for the tests and benchmarks: bounded in time, and never left behind; and free loopback ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin (otherwise stdin is closed). */
  readonly input?: string;
}

/** Runs a command to completion; kills it (SIGKILL) when it outlives timeoutMs. Never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** One line saying how a command ended, with its output, for assertion messages. */
export function describeRun(what: string, r: RunResult): string {
  const how = r.timedOut ? 'timed out (killed)' : r.signal ? `was killed by ${r.signal}` : `exited ${r.code}`;
  return `${what} ${how}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/**
 * A small supervisor, run with `node -e`: starts the given command with the supervisor's stdout/stderr, and kills
 * it when the supervisor's stdin closes, which happens when the test process dies, even by SIGKILL. So a crashed
 * or killed test run cannot leave the function server behind. SIGTERM is passed on.
 */
const SUPERVISOR = `
const { spawn } = require('node:child_process');
const [cmd, ...args] = process.argv.slice(1);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 3000).unref(); };
process.stdin.on('end', stop); process.stdin.on('close', stop); process.stdin.resume();
process.on('SIGTERM', stop); process.on('SIGINT', stop);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
`;

export interface Supervised {
  readonly child: ChildProcess;
  /** Everything the command wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of pattern in the output; rejects when the process exits or timeoutMs passes first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Stops the command (SIGTERM, SIGKILL after graceMs) and resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startSupervised(command: string, args: readonly string[], cwd?: string): Supervised {
  const child = spawn(process.execPath, ['-e', SUPERVISOR, command, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  const listeners = new Set<() => void>();
  const append = (b: Buffer) => {
    log += b.toString('utf8');
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.on('close', () => {
    listeners.forEach((l) => l());
    resolve();
  }));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    child,
    output: () => log,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = log.match(pattern);
          if (m) done(() => resolve(m));
          else if (hasExited()) done(() => reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${log}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${log}`))), timeoutMs);
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (!hasExited()) {
        child.stdin!.end(); // the supervisor stops the command and exits
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * A TCP port free on loopback now, for a server started right after.
 *
 * It is chosen below the kernel's ephemeral range on purpose: a port the OS hands out for `listen(0)` is also one it
 * hands out as the source port of the next outgoing connection, and CI lost a run that way (kube-apiserver: "bind:
 * address already in use" on the port freePort had just returned, taken meanwhile by a client connection to etcd).
 * Outside that range only another listener can take it, and every listener here asks this function.
 */
export async function freePort(): Promise<number> {
  const [low, high] = portsBelowEphemeralRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`freePort: no free port in ${low}..${high} after 200 attempts`);
}

/** [low, high) for freePort: from 20000 up to the start of the ephemeral range (Linux: ip_local_port_range). */
export function portsBelowEphemeralRange(): [number, number] {
  let ephemeralStart = 32768; // the Linux default, also what macOS and Windows stay above
  try {
    ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch { /* not Linux: keep the default */ }
  if (!(ephemeralStart > 21000)) throw new Error(`freePort: the ephemeral range starts at ${ephemeralStart}, too low to stay below`);
  return [20000, ephemeralStart];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
