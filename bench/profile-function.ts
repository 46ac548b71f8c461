/**
 * Profiles the function's full path (decode, compose, compliance, encode) on the largest XR's request, in process
 * and without gRPC, recording only the measured loop (not the workload's construction):
 *   npx tsx bench/profile-function.ts [iterations]
 * writes .cache/bench/profile/function.cpuprofile (open it in Chrome DevTools) and prints the top functions by self
 * and total time (bench/cpuprofile-summary.ts).
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../lib/crds';
import { runEncoded } from '../functions/src/server';
import { formatProfile, type CpuProfile } from './cpuprofile-summary';
import { buildWorkloads } from './workload';

const iterations = Number(process.argv[2] ?? 300);
const [largest] = buildWorkloads()[0].requests;
for (let i = 0; i < 30; i++) runEncoded(largest.ours);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const start = performance.now();
for (let i = 0; i < iterations; i++) runEncoded(largest.ours);
const ms = (performance.now() - start) / iterations;
const { profile } = await session.post('Profiler.stop');
session.disconnect();

const dir = join(PROJECT_ROOT, '.cache', 'bench', 'profile');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'function.cpuprofile');
writeFileSync(file, JSON.stringify(profile));
console.log(`${largest.xr.kind} ${largest.xr.metadata?.name}: ${largest.composed} composed resources, ${ms.toFixed(2)} ms per request (decode + compose + encode), ${iterations} iterations; profile: ${file}\n`);
console.log(formatProfile(profile as CpuProfile, 30));
