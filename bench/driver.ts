/**
 * The request driver: closed-loop gRPC clients sending pre-encoded RunFunction requests to a function server, the
 * same bytes to whichever server is measured, as Crossplane does (unary calls over one HTTP/2 connection).
 * Requests and responses stay bytes on this side so that the driver's own cost is small and equal for every server.
 */
import * as grpc from '@grpc/grpc-js';
import { FunctionRunnerServiceService } from '@crossplane-org/function-sdk-typescript';
import { performance } from 'node:perf_hooks';

const RUN_FUNCTION = FunctionRunnerServiceService.runFunction.path;
const identity = (b: Buffer): Buffer => b;

export class RawFunctionClient {
  private readonly client: grpc.Client;

  constructor(readonly target: string) {
    this.client = new grpc.Client(target, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
    });
  }

  async ready(timeoutMs: number): Promise<void> {
    await new Promise<void>((resolve, reject) => this.client.waitForReady(Date.now() + timeoutMs, (e) => (e ? reject(e) : resolve())));
  }

  call(request: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(RUN_FUNCTION, identity, identity, request, (err, rsp) => (err || !rsp ? reject(err ?? new Error('empty response')) : resolve(rsp)));
    });
  }

  close(): void {
    this.client.close();
  }
}

export interface LoadResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoadOptions {
  readonly concurrency: number;
  /** Requests sent (and discarded) first, so JIT compilation and connection setup are not measured. */
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Called when the warm-up ends and measuring starts (to sample the server's CPU time). */
  readonly onMeasureStart?: () => void;
}

/** Percentile by nearest rank over sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * `concurrency` loops each send a request, wait for its response and send the next (closed loop), for the
 * warm-up and then for the measured duration. `next(seq)` gives the bytes of the seq-th request.
 */
export async function drive(client: RawFunctionClient, next: (seq: number) => Buffer, options: LoadOptions): Promise<LoadResult> {
  let seq = 0;
  const loop = async (until: number, latencies?: number[]) => {
    while (performance.now() < until) {
      const request = next(seq++);
      const start = performance.now();
      await client.call(request);
      latencies?.push(performance.now() - start);
    }
  };
  const warmupEnd = performance.now() + options.warmupMs;
  await Promise.all(Array.from({ length: options.concurrency }, () => loop(warmupEnd)));
  const latencies: number[] = [];
  options.onMeasureStart?.();
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, () => loop(start + options.durationMs, latencies)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}
