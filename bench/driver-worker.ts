/**
 * The request driver's thread. It holds only the request bytes, so its garbage collections are short: run in the
 * bench's main thread, whose heap holds the rendered workloads and every module, each full collection paused the
 * driver for tens of milliseconds and showed up as the servers' p99 latency.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { drive, RawFunctionClient, type LoadOptions } from './driver';
import { encodedMeta } from './workload-encoding';

export interface DriverJob {
  readonly target: string;
  /** Steady mode: these requests (meta included) round-robin. */
  readonly steady?: readonly Uint8Array[];
  /** Changed mode: per XR, its content variants (without meta); each call gets a tag never sent before. */
  readonly changed?: ReadonlyArray<readonly Uint8Array[]>;
  readonly options: Omit<LoadOptions, 'onMeasureStart'>;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

async function run(job: DriverJob) {
  const client = new RawFunctionClient(job.target);
  await client.ready(30_000);
  let next: (seq: number) => Buffer;
  if (job.steady) {
    const steady = job.steady.map((b) => Buffer.from(b));
    next = (seq) => steady[seq % steady.length];
  } else {
    const variants = job.changed!.map((vs) => vs.map((b) => Buffer.from(b)));
    const hashes = variants.map((vs) => vs.map((b) => sha256(b)));
    // The tag depends on the call count too: never repeated, as when something in the request changed each time.
    const salt = `${process.pid}/${Date.now()}`;
    next = (seq) => {
      const i = seq % variants.length;
      const v = Math.floor(seq / variants.length) % variants[i].length;
      return Buffer.concat([variants[i][v], encodedMeta(sha256(`${hashes[i][v]}/${salt}/${seq}`))]);
    };
  }
  const result = await drive(client, next, { ...job.options, onMeasureStart: () => parentPort!.postMessage({ measuring: true }) });
  client.close();
  return result;
}

run(workerData as DriverJob).then(
  (result) => parentPort!.postMessage({ result }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
);
