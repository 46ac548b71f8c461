/**
 * AWS-level end to end (`npm run e2e:aws`): the platform on the live control plane of test/e2e, plus Upbound's AWS
 * provider (pinned, built from the Go module proxy) out of cluster and moto's server as the AWS it talks to. Claims
 * are applied as users do (the dev SecureEnvironment, and every single-API example), the provider turns each
 * composed resource into AWS API calls, and the AWS side is read back with the AWS SDK (aws.py): the secure
 * settings are there, drift made in AWS is put back, and deleting a claim removes (dev) or keeps (prod) what it made.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../../config/environments';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT } from '../../lib/crds';
import { LABEL_PREFIX } from '../../lib/platform';
import { apply, condition, docs, eventually, kubectlItems, kubectlJson } from '../e2e/kube';
import { startPlatform, type Platform } from '../e2e/platform';
import type { Supervised } from '../render/process';
import { startAccountHostProxy, type AccountHostProxy } from './account-host-proxy';
import { driftInAws, inventory, motoPython, putArtifact, startMoto, type Drift, type Inventory, type Moto } from './moto';
import { emulatedProviderConfig, emulatorCredentialsSecret, providerAws, providerCrdYaml, startProvider } from './provider';

const SETUP_TIMEOUT_MS = 90 * 60_000;
/** The provider's --poll: how often it re-reads each resource from AWS, so the bound on correcting drift there. */
const POLL_INTERVAL = '30s';
const POLL_INTERVAL_MS = 30_000;
const ENVIRONMENT = ENVIRONMENTS.find((e) => e.name === 'dev')!;
const EXAMPLES_NAMESPACE = 'examples';
/** The account of the single-API examples (dist/examples): the ClusterProviderConfig `default` acts there. */
const EXAMPLES_ACCOUNT = '123456789012';
/** The examples applied: each API's minimal claim, and the keys those reference. */
const EXAMPLE_FILES = ['minimal.yaml', 'dev-audit.yaml'];

/**
 * What does not reconcile here, and why: each entry names the composed kind, the cause, and the error the provider
 * reports. A resource not Ready for any other reason fails the tests; so does an entry no resource shows any more.
 */
const NOT_RECONCILED: ReadonlyArray<{ readonly kind: string; readonly cause: string; readonly error: RegExp }> = [];

/** Resources neither Ready nor explained by NOT_RECONCILED, as `kind owner: why`. */
function unexplained(resources: readonly KubeObject[]): string[] {
  return resources.filter((o) => !isReady(o))
    .filter((o) => !NOT_RECONCILED.some((n) => n.kind === kindOf(o) && n.error.test(whyNot(o))))
    .map((o) => `${kindOf(o)} ${ownerOf(o)}: ${whyNot(o).slice(0, 400)}`);
}

let dir: string;
let platform: Platform | undefined;
let moto: Moto | undefined;
let provider: Supervised | undefined;
let proxy: AccountHostProxy | undefined;
const timings: Record<string, number> = {};
const report: string[] = [];

const cp = () => platform!.cp;
const diagnostics = () => `${platform?.diagnostics() ?? ''}\n--- provider\n${provider?.output().slice(-4000)}\n--- moto (failed requests)\n${moto?.failedRequests().slice(-30).join('\n')}`;

/** Every managed resource (category `managed`) in a namespace. */
const managedResources = (namespace: string) => kubectlItems(cp(), ['get', 'managed', '-n', namespace]);

const kindOf = (o: KubeObject) => `${o.apiVersion.split('/')[0].replace('.aws.m.upbound.io', '')}/${o.kind}`;
const ownerOf = (o: KubeObject) => `${o.metadata?.labels?.[`${LABEL_PREFIX}/kind`]}/${o.metadata?.labels?.[`${LABEL_PREFIX}/name`]}`;
const isReady = (o: KubeObject) => condition(o, 'Ready')?.status === 'True' && condition(o, 'Synced')?.status === 'True';
/** Why a managed resource is not Ready and Synced: its Synced message (the provider's error) or its Ready reason. */
const whyNot = (o: KubeObject) => {
  const synced = condition(o, 'Synced');
  if (synced?.status === 'False') return (synced.message ?? synced.reason ?? '').replace(/\s+/g, ' ');
  const ready = condition(o, 'Ready');
  return ready ? `Ready=${ready.status} ${ready.reason ?? ''} ${ready.message ?? ''}`.trim() : 'no conditions yet';
};

/**
 * Waits until every managed resource in the namespace is Ready and Synced, or until none has become so for
 * `quietMs` (what is left then is not going to be); returns them all.
 */
async function settled(namespace: string, expectAtLeast: number, quietMs: number, timeoutMs: number): Promise<KubeObject[]> {
  const deadline = Date.now() + timeoutMs;
  let lastProgress = Date.now();
  let ready = -1;
  for (;;) {
    const all = await managedResources(namespace);
    const n = all.filter(isReady).length;
    if (n !== ready) {
      ready = n;
      lastProgress = Date.now();
    }
    if (all.length >= expectAtLeast && n === all.length) return all;
    if (all.length >= expectAtLeast && Date.now() - lastProgress > quietMs) return all;
    if (Date.now() > deadline) return all;
    if (process.env.E2E_AWS_LOG_DIR) {
      writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'provider.log'), provider?.output() ?? '');
      writeFileSync(join(process.env.E2E_AWS_LOG_DIR, `${namespace}.txt`), kindTable(all).join('\n'));
    }
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

/** One line per composed kind: how many are Ready/Synced, and for the others, why not. */
function kindTable(resources: readonly KubeObject[]): string[] {
  const byKind = new Map<string, KubeObject[]>();
  for (const o of resources) byKind.set(kindOf(o), [...(byKind.get(kindOf(o)) ?? []), o]);
  return [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, items]) => {
    const notReady = items.filter((o) => !isReady(o));
    const reasons = [...new Set(notReady.map((o) => `${ownerOf(o)}: ${whyNot(o).slice(0, 300)}`))];
    return `${kind}: ${items.length - notReady.length}/${items.length} Ready${reasons.length ? ` — ${reasons.join(' | ')}` : ''}`;
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-e2e-aws-'));
  let t = Date.now();
  const install = providerAws();
  const python = motoPython();
  timings.providerAndMotoInstalls = Date.now() - t;
  // The provider runs against the CRDs it was built with (its own package/crds), not the newer pinned ones.
  const crds = providerCrdYaml(install.crdDir);
  report.push(`pinned CRD files the provider's version lacks (kinds the platform does not compose): ${crds.missing.join(', ') || 'none'}`);
  platform = await startPlatform(dir, timings, { providerCrds: crds.yaml });
  moto = await startMoto(python, dir);
  proxy = await startAccountHostProxy(moto.endpoint);
  // The provider identities as synthesized (the platform's `default` and the environment's own account), with
  // fake keys and the emulator's endpoint instead of IRSA and AWS.
  const synthesized = [
    ...docs('dist/platform/crossplane-packages.k8s.yaml'),
    ...docs(`dist/environments/${ENVIRONMENT.name}.k8s.yaml`),
  ].filter((o) => o.kind === 'ClusterProviderConfig');
  expect(synthesized.map((o) => o.metadata!.name)).toEqual(['default', `${ENVIRONMENT.name}-account`]);
  await apply(cp(), 'emulated provider configs', [emulatorCredentialsSecret(), ...synthesized.map((o) => emulatedProviderConfig(o, moto!))]);
  t = Date.now();
  provider = await startProvider(cp(), install, moto, proxy, { pollInterval: POLL_INTERVAL });
  timings.providerStarted = Date.now() - t;
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await provider?.stop();
  await proxy?.close();
  await moto?.process.stop();
  await platform?.stop();
  console.log(`e2e-aws timings (ms): ${JSON.stringify(timings)}\n${report.join('\n')}`);
  if (process.env.E2E_AWS_LOG_DIR) writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'report.txt'), `${JSON.stringify(timings, null, 1)}\n${report.join('\n')}\n`);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('AWS level: provider-aws against moto', () => {
  let devResources: KubeObject[] = [];

  it(`the ${ENVIRONMENT.name} SecureEnvironment: every composed resource is created in AWS and reported Ready and Synced`, async () => {
    const t = Date.now();
    // As synthesized, but the environment's provider config is the emulated one applied above.
    const objects = docs(`dist/environments/${ENVIRONMENT.name}.k8s.yaml`).filter((o) => o.kind !== 'ClusterProviderConfig');
    await apply(cp(), ENVIRONMENT.name, objects);
    devResources = await settled(ENVIRONMENT.name, 100, 5 * 60_000, 30 * 60_000);
    timings[`${ENVIRONMENT.name}: settled ms`] = Date.now() - t;
    timings[`${ENVIRONMENT.name}: managed resources`] = devResources.length;
    report.push(`--- ${ENVIRONMENT.name} SecureEnvironment, per composed kind`, ...kindTable(devResources));
    expect(unexplained(devResources)).toEqual([]);
  }, 40 * 60_000);

  let exampleResources: KubeObject[] = [];
  it('the single-API examples (dist/examples, every API but SecureEnvironment): every composed resource is created and reported Ready and Synced', async () => {
    const t = Date.now();
    const examples = readdirSync(join(PROJECT_ROOT, 'dist/examples')).filter((d) => d !== 'secureenvironment')
      .flatMap((d) => readdirSync(join(PROJECT_ROOT, 'dist/examples', d)).filter((f) => EXAMPLE_FILES.includes(f)).map((f) => `dist/examples/${d}/${f}`));
    const claims = examples.flatMap((f) => docs(f));
    expect(new Set(claims.map((c) => c.kind)).size).toBe(11);
    // The code package a SecureFunction runs: published by the team's build pipeline, not by the platform.
    for (const fn of claims.filter((c) => c.kind === 'SecureFunction' && c.spec.code?.s3)) {
      await putArtifact(moto!, EXAMPLES_ACCOUNT, fn.spec.region, fn.spec.code.s3.bucket, fn.spec.code.s3.key);
    }
    expect((await cp().kubectl(['create', 'namespace', EXAMPLES_NAMESPACE])).code).toBe(0);
    await apply(cp(), 'examples', claims);
    exampleResources = await settled(EXAMPLES_NAMESPACE, 60, 5 * 60_000, 30 * 60_000);
    timings['examples: settled ms'] = Date.now() - t;
    timings['examples: managed resources'] = exampleResources.length;
    report.push(`--- single-API examples (${examples.map((f) => f.replace('dist/examples/', '')).join(', ')}), per composed kind`, ...kindTable(exampleResources));
    expect(unexplained(exampleResources)).toEqual([]);
  }, 40 * 60_000);
});
