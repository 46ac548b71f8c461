/**
 * In-process loop over the largest XR's request, for profiling the function's full path (decode, compose,
 * compliance, encode) without gRPC or a second process:
 *   node --import tsx --cpu-prof --cpu-prof-dir .cache/bench/profile bench/profile-function.ts [iterations]
 * then open the .cpuprofile in Chrome DevTools (or summarize it with bench/cpuprofile-summary.ts).
 */
import { performance } from 'node:perf_hooks';
import { runEncoded } from '../functions/src/server';
import { buildWorkloads } from './workload';

const iterations = Number(process.argv[2] ?? 300);
const [largest] = buildWorkloads()[0].requests;
for (let i = 0; i < 30; i++) runEncoded(largest.ours);
const start = performance.now();
for (let i = 0; i < iterations; i++) runEncoded(largest.ours);
const ms = (performance.now() - start) / iterations;
console.log(`${largest.xr.kind} ${largest.xr.metadata?.name}: ${largest.composed} composed resources, ${ms.toFixed(2)} ms per request (decode + compose + encode), ${iterations} iterations`);
