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
import { API_GROUP, LABEL_PREFIX } from '../../lib/platform';
import { PLATFORM_APIS } from '../../compositions';
import { apply, condition, docs, eventually, kubectlItems } from '../e2e/kube';
import { startPlatform, type Platform } from '../e2e/platform';
import type { Supervised } from '../../lib/process';
import { startAccountHostProxy, type AccountHostProxy } from './account-host-proxy';
import { driftInAws, emptyBucket, inventory, motoPython, putArtifact, startMoto, type Drift, type Inventory, type Moto } from './moto';
import { emulatedProviderConfig, emulatorCredentialsSecret, providerAws, providerCrdYaml, startProvider } from './provider';

const SETUP_TIMEOUT_MS = 90 * 60_000;
/** The provider's --poll: how often it re-reads each resource from AWS, so the bound on correcting drift there. */
const POLL_INTERVAL = '30s';
const POLL_INTERVAL_MS = 30_000;
/** How many poll intervals the steady-state test watches: each resource is read at least twice in them. */
const STEADY_POLLS = 3;
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
const PROVIDER_IDENTITY_BUG = 'provider-aws v2.5.0 defect (crossplane-contrib/provider-upjet-aws#2191, hashicorp/terraform-provider-aws#45303): a Terraform-plugin-framework resource with a resource identity fails its first observe, before it exists ("Missing Resource Identity After Read"), so it is never created';
type Where = 'dev' | 'examples' | 'prod';
const NOT_RECONCILED: ReadonlyArray<{
  readonly kind: string; readonly cause: string; readonly error: RegExp; readonly seenIn: readonly Where[];
  /** The AWS calls its retries keep making (see the steady-state test), if any. */
  readonly writes?: RegExp;
}> = [
  { kind: 's3/BucketLifecycleConfiguration', cause: PROVIDER_IDENTITY_BUG, error: /Missing Resource Identity After Read/, seenIn: ['dev', 'examples'] },
  { kind: 'ec2/SecurityGroupIngressRule', cause: PROVIDER_IDENTITY_BUG, error: /Missing Resource Identity After Read/, seenIn: ['dev', 'examples'] },
  { kind: 'ec2/SecurityGroupEgressRule', cause: PROVIDER_IDENTITY_BUG, error: /Missing Resource Identity After Read/, seenIn: ['dev', 'examples'] },
  {
    kind: 'dynamodb/ContributorInsights', seenIn: ['examples'], error: /UpdateContributorInsights.*StatusCode: 500/, writes: /^UpdateContributorInsights$/,
    cause: 'moto 5.2.6 does not implement DynamoDB UpdateContributorInsights (its dynamodb responses have no handler; it answers HTTP 500 with an HTML page)',
  },
  {
    kind: 'apigateway/RestAPI', seenIn: ['examples'], error: /invalid character 'S' after top-level value/,
    cause: 'moto 5.2.6 answers GetRestApi with the resource policy in a form the provider cannot parse (AWS returns it as an escaped JSON string); observe fails on the API and on its RestAPIPolicy',
  },
  { kind: 'apigateway/RestAPIPolicy', seenIn: ['examples'], error: /invalid character 'S' after top-level value/, cause: 'as apigateway/RestAPI: moto\'s GetRestApi policy form' },
  {
    kind: 'apigateway/Integration', seenIn: ['examples'], error: /cannot change the value of the argument "(integration_http_method|type)" from "" to "(POST|AWS_PROXY)"/,
    cause: 'the provider reads an AWS_PROXY integration back from moto 5.2.6 with an empty type or integration_http_method (GetIntegration; seen for each in one run) and refuses the update it would need as a replacement',
  },
  {
    // Found by this harness: under v2.5.0 the prod SecureTable example never syncs, with index keys written as
    // keySchema (every index) or as hashKey/rangeKey (an index without a sort key). Not a composer defect: a GSI
    // without a sort key is valid DynamoDB, and the fixed provider accepts it in either form.
    kind: 'dynamodb/Table', seenIn: ['prod'], error: /all indexes must match a defined attribute\. Unmatched indexes: \[""\]/,
    cause: 'provider-aws v2.5.0 (its terraform-provider-aws fork of 2026-03-05) has hashicorp/terraform-provider-aws#46322: a global secondary index without a sort key reaches plan validation with range_key "" (upjet leaves no attribute null), which is refused as an index on an undefined attribute; fixed upstream by #47427 (merged 2026-04-13); prod-orders\' index by-order-id has no sort key',
  },
  {
    kind: 'secretsmanager/SecretRotation', seenIn: ['examples'], error: /RotateSecret.*StatusCode: 404.*Resource not found for ARN/, writes: /^RotateSecret$/,
    cause: 'moto 5.2.6 RotateSecret looks the rotation function up and invokes it itself (in Docker, which this machine lacks); the function the minimal ManagedSecret names (the SecureFunction example secret-rotator) is not applied, so moto answers 404 first',
  },
];
/** The entries of NOT_RECONCILED expected in `where` that none of its resources shows any more (fixed upstream: remove them). */
const stale = (where: Where, resources: readonly KubeObject[]) => NOT_RECONCILED.filter((n) => n.seenIn.includes(where))
  .filter((n) => !resources.some((o) => kindOf(o) === n.kind && !isReady(o) && n.error.test(whyNot(o)))).map((n) => n.kind);

/** A resource that does not reconcile for a reason NOT_RECONCILED lists (its kind with its error). */
const explained = (o: KubeObject) => NOT_RECONCILED.some((n) => n.kind === kindOf(o) && n.error.test(whyNot(o)));

/** Resources neither Ready nor explained by NOT_RECONCILED, as `kind owner: why`. */
function unexplained(resources: readonly KubeObject[]): string[] {
  return resources.filter((o) => !isReady(o))
    .filter((o) => !explained(o))
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

/**
 * The composed kinds seen so far, as kubectl resource names (`kind.version.group`), learned from the platform XRs'
 * spec.crossplane.resourceRefs. Kept across calls: once a claim is deleted its XRs no longer list what is left.
 */
const composedKinds = new Set<string>();
const PLATFORM_XR_KINDS = PLATFORM_APIS.map((a) => `${a.kind.toLowerCase()}.${API_GROUP}`).join(',');

/**
 * Every AWS managed resource the platform's XRs compose in a namespace. Not `kubectl get managed`: that category
 * lists every provider-aws kind installed (277 here), one request each, and under load outran two minutes.
 */
async function managedResources(namespace: string): Promise<KubeObject[]> {
  for (const xr of await kubectlItems(cp(), ['get', PLATFORM_XR_KINDS, '-n', namespace])) {
    for (const ref of (xr.spec?.crossplane?.resourceRefs ?? []) as Array<{ apiVersion: string; kind: string }>) {
      const [group, version] = ref.apiVersion.split('/');
      if (group.endsWith('.aws.m.upbound.io')) composedKinds.add(`${ref.kind.toLowerCase()}.${version}.${group}`);
    }
  }
  return composedKinds.size ? kubectlItems(cp(), ['get', [...composedKinds].sort().join(','), '-n', namespace]) : [];
}

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
 * The provider is still creating it: Ready=False Creating (set when Create was called) and no failed async
 * operation (upjet sets LastAsyncOperation=False with the error when a create fails, and keeps it until one
 * succeeds). Terraform's own waits inside one create can outlast the quiet period: an Aurora cluster instance
 * waits 30 s for available, then 60 s + 3 polls of 10 s after each of the CA-certificate modify and the reboot
 * (rds/cluster_instance.go). Run 10 measured 191 s from CreateDBInstance to Ready (modify +30 s, reboot +80 s,
 * Ready +81 s) and 318 s from the managed resource's creation, after its cluster's; run 9 gave up on it as
 * "Creating" when nothing else had changed for the quiet period.
 */
const beingCreated = (o: KubeObject) => {
  const ready = condition(o, 'Ready');
  return ready?.status === 'False' && ready.reason === 'Creating' && condition(o, 'LastAsyncOperation')?.status !== 'False';
};

/**
 * Waits until every managed resource in the namespace is Ready and Synced, or until none has become so for
 * `quietMs` while none is still being created (what is left then is not going to be), or until `timeoutMs`;
 * returns them all.
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
    if (all.length >= expectAtLeast && Date.now() - lastProgress > quietMs && !all.some(beingCreated)) return all;
    if (Date.now() > deadline) return all;
    if (process.env.E2E_AWS_LOG_DIR) {
      writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'provider.log'), provider?.output() ?? '');
      writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'moto.log'), moto?.process.output() ?? '');
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
  if (process.env.E2E_AWS_LOG_DIR) {
    writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'report.txt'), `${JSON.stringify(timings, null, 1)}\n${report.join('\n')}\n`);
    // The whole run's logs (those written once a namespace settles stop there).
    writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'provider-final.log'), provider?.output() ?? '');
    writeFileSync(join(process.env.E2E_AWS_LOG_DIR, 'moto-final.log'), moto?.process.output() ?? '');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('AWS level: provider-aws against moto', () => {
  let devResources: KubeObject[] = [];

  it(`the ${ENVIRONMENT.name} SecureEnvironment: every composed resource is created in AWS and reported Ready and Synced`, async () => {
    const t = Date.now();
    // As synthesized, but the environment's provider config is the emulated one applied above.
    const objects = docs(`dist/environments/${ENVIRONMENT.name}.k8s.yaml`).filter((o) => o.kind !== 'ClusterProviderConfig');
    await apply(cp(), ENVIRONMENT.name, objects);
    devResources = await settled(ENVIRONMENT.name, 100, 3 * 60_000, 30 * 60_000);
    timings[`${ENVIRONMENT.name}: settled ms`] = Date.now() - t;
    timings[`${ENVIRONMENT.name}: managed resources`] = devResources.length;
    report.push(`--- ${ENVIRONMENT.name} SecureEnvironment, per composed kind`, ...kindTable(devResources));
    expect(unexplained(devResources)).toEqual([]);
    // The list cannot rot: each entry is still what a resource of the environment shows (fails once fixed upstream).
    expect(stale('dev', devResources)).toEqual([]);
    report.push('not reconciled:', ...NOT_RECONCILED.map((n) => `  ${n.kind} (${n.seenIn.join(', ')}): ${n.cause}`));
  }, 40 * 60_000);

  let exampleResources: KubeObject[] = [];
  it('the single-API examples (dist/examples, every API but SecureEnvironment): every composed resource is created and reported Ready and Synced', async () => {
    const t = Date.now();
    const examples = readdirSync(join(PROJECT_ROOT, 'dist/examples')).filter((d) => d !== 'secureenvironment')
      .flatMap((d) => readdirSync(join(PROJECT_ROOT, 'dist/examples', d)).filter((f) => EXAMPLE_FILES.includes(f)).map((f) => `dist/examples/${d}/${f}`));
    const claims = examples.flatMap((f) => docs(f));
    expect(new Set(claims.map((c) => c.kind)).size).toBe(PLATFORM_APIS.length - 1);
    // The code package a SecureFunction runs: published by the team's build pipeline, not by the platform.
    for (const fn of claims.filter((c) => c.kind === 'SecureFunction' && c.spec.code?.s3)) {
      await putArtifact(moto!, EXAMPLES_ACCOUNT, fn.spec.region, fn.spec.code.s3.bucket, fn.spec.code.s3.key);
    }
    expect((await cp().kubectl(['create', 'namespace', EXAMPLES_NAMESPACE])).code).toBe(0);
    await apply(cp(), 'examples', claims);
    exampleResources = await settled(EXAMPLES_NAMESPACE, 60, 3 * 60_000, 30 * 60_000);
    timings['examples: settled ms'] = Date.now() - t;
    timings['examples: managed resources'] = exampleResources.length;
    report.push(`--- single-API examples (${examples.map((f) => f.replace('dist/examples/', '')).join(', ')}), per composed kind`, ...kindTable(exampleResources));
    expect(unexplained(exampleResources)).toEqual([]);
    expect(stale('examples', exampleResources)).toEqual([]);
  }, 40 * 60_000);

  /** The AWS names of the Ready managed resources of a kind (their external names). */
  const externalNames = (resources: readonly KubeObject[], kind: string) =>
    resources.filter((o) => kindOf(o) === kind && isReady(o)).map((o) => o.metadata!.annotations!['crossplane.io/external-name']);
  const denies = (doc: { Statement?: Array<Record<string, unknown>> } | null | undefined) => (doc?.Statement ?? []).filter((st) => st.Effect === 'Deny');
  /** A statement allowing any principal with no condition: what "a policy opened to everyone" looks like. */
  const openToAll = (st: Record<string, unknown>) => st.Effect === 'Allow' && (st.Principal === '*' || (st.Principal as { AWS?: unknown })?.AWS === '*') && !st.Condition;

  it(`${ENVIRONMENT.name}: the secure settings, read back from AWS with the AWS SDK`, async () => {
    const aws = await inventory(moto!, ENVIRONMENT.accountId, ENVIRONMENT.region);
    const keyArns = Object.keys(aws.keys);
    // KMS: every customer-managed key rotates, and its policy opens it to no one.
    expect(keyArns.length).toBe(devResources.filter((o) => kindOf(o) === 'kms/Key').length);
    for (const [arn, key] of Object.entries(aws.keys)) {
      expect([arn, key.state, key.rotation]).toEqual([arn, 'Enabled', true]);
      expect(key.policy.Statement.filter(openToAll)).toEqual([]);
    }
    for (const alias of ['app-data', 'audit']) expect(keyArns.some((a) => a.endsWith(`/${aws.aliases[`alias/${ENVIRONMENT.name}/${alias}`]}`))).toBe(true);
    // S3: every bucket the platform made: SSE-KMS with one of the environment's keys and a bucket key, every public
    // access block setting on, versioned, and a policy that denies requests without TLS.
    const buckets = externalNames(devResources, 's3/Bucket');
    const accessLogTargets = Object.values(aws.buckets).map((b) => b.logging?.TargetBucket).filter((n): n is string => !!n);
    expect(accessLogTargets.length).toBeGreaterThanOrEqual(2);
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const name of buckets) {
      const b = aws.buckets[name];
      const sse = b?.encryption?.[0];
      // Server access logs cannot be delivered into an SSE-KMS bucket: access-log buckets use SSE-S3 (by design).
      if (accessLogTargets.includes(name)) expect([name, sse?.ApplyServerSideEncryptionByDefault.SSEAlgorithm]).toEqual([name, 'AES256']);
      else expect([name, sse?.ApplyServerSideEncryptionByDefault.SSEAlgorithm, keyArns.includes(sse?.ApplyServerSideEncryptionByDefault.KMSMasterKeyID ?? ''), sse?.BucketKeyEnabled]).toEqual([name, 'aws:kms', true, true]);
      expect([name, b.publicAccessBlock]).toEqual([name, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }]);
      expect([name, b.versioning]).toEqual([name, 'Enabled']);
      expect([name, denies(b.policy).some((st) => JSON.stringify(st.Condition ?? {}).includes('"aws:SecureTransport":"false"'))]).toEqual([name, true]);
      expect([name, b.ownership]).toEqual([name, [{ ObjectOwnership: 'BucketOwnerEnforced' }]]);
    }
    // Logs: every log group encrypted with one of the keys, with a retention.
    expect(Object.keys(aws.logGroups).length).toBeGreaterThanOrEqual(2);
    for (const [name, g] of Object.entries(aws.logGroups)) expect([name, keyArns.includes(g.kmsKeyId ?? ''), (g.retentionInDays ?? 0) > 0]).toEqual([name, true, true]);
    // SNS: the alarm topic is encrypted.
    expect(Object.keys(aws.topics).length).toBeGreaterThanOrEqual(1);
    for (const [arn, t] of Object.entries(aws.topics)) expect([arn, keyArns.includes(t.kmsMasterKeyId ?? '')]).toEqual([arn, true]);
    // The VPC and its flow log (all traffic).
    expect(Object.values(aws.vpcs).map((v) => v.cidr)).toEqual([ENVIRONMENT.network!.cidr]);
    expect(aws.flowLogs.map((f) => [f.resourceId, f.trafficType])).toEqual([[Object.keys(aws.vpcs)[0], 'ALL']]);
    // CloudTrail: multi-region, log file validation, encrypted.
    const trails = Object.values(aws.trails);
    if (devResources.some((o) => kindOf(o) === 'cloudtrail/Trail' && isReady(o))) {
      expect(trails.map((t) => [t.multiRegion, t.logFileValidation, keyArns.includes(t.kmsKeyId ?? '')])).toEqual([[true, true, true]]);
    }
    // IAM guardrails: the managed policies carry their explicit denies.
    const policies = externalNames(devResources, 'iam/Policy');
    expect(policies.length).toBeGreaterThanOrEqual(1);
    for (const name of policies) expect([name, denies(aws.policies[name]).length > 0]).toEqual([name, true]);
    report.push(`${ENVIRONMENT.name} read back: ${keyArns.length} keys, ${buckets.length} buckets, ${Object.keys(aws.logGroups).length} log groups, ${Object.keys(aws.topics).length} topics, ${trails.length} trails, ${policies.length} guardrail policies`);
  }, 5 * 60_000);

  it('single APIs: the secure settings, read back from AWS with the AWS SDK', async () => {
    const region = docs('dist/examples/securetable/minimal.yaml')[0].spec.region as string;
    const aws = await inventory(moto!, EXAMPLES_ACCOUNT, region);
    const keyArns = Object.keys(aws.keys);
    for (const [name, t] of Object.entries(aws.tables)) {
      expect([name, t.sse?.Status, t.sse?.SSEType, keyArns.includes(t.sse?.KMSMasterKeyArn ?? ''), t.pitr]).toEqual([name, 'ENABLED', 'KMS', true, 'ENABLED']);
    }
    for (const [name, sec] of Object.entries(aws.secrets)) expect([name, keyArns.includes(sec.kmsKeyId ?? '') || keyArns.some((a) => a.endsWith(`/${sec.kmsKeyId}`))]).toEqual([name, true]);
    // A parameter names its key by ARN, id or alias (AuroraDatabase's by alias): each must resolve to one of the keys.
    const keyIdOf = (id: string | undefined) => (id?.startsWith('alias/') ? aws.aliases[id] : id);
    for (const [name, prm] of Object.entries(aws.parameters)) expect([name, prm.type, keyArns.some((a) => a === prm.keyId || a.endsWith(`/${keyIdOf(prm.keyId)}`))]).toEqual([name, 'SecureString', true]);
    for (const [name, db] of Object.entries(aws.dbClusters)) expect([name, db.storageEncrypted, keyArns.includes(db.kmsKeyId ?? ''), db.iamAuth]).toEqual([name, true, true, true]);
    // A function's environment is encrypted with the key; a function without environment variables has none to encrypt.
    for (const [name, f] of Object.entries(aws.functions)) expect([name, (f.subnetIds ?? []).length > 0, (f.securityGroupIds ?? []).length > 0, f.tracing, !f.hasEnvironment || keyArns.includes(f.kmsKeyArn ?? '')]).toEqual([name, true, true, 'Active', true]);
    // Its logs go, as JSON, to a log group of its own encrypted with one of the keys; failed events to a topic.
    for (const [name, f] of Object.entries(aws.functions)) {
      expect([name, f.logFormat, keyArns.includes(aws.logGroups[f.logGroup ?? '']?.kmsKeyId ?? ''), f.deadLetterTarget !== undefined && aws.topics[f.deadLetterTarget] !== undefined]).toEqual([name, 'JSON', true, true]);
    }
    // An Aurora cluster's master user secret is RDS's own (`rds!cluster-<id>`, made by RDS, not composed), encrypted
    // with the database's key (checked above with every secret): one per cluster.
    const rdsManagedSecrets = Object.keys(aws.secrets).filter((n) => n.startsWith('rds!cluster-'));
    expect(rdsManagedSecrets.length).toBe(Object.keys(aws.dbClusters).length);
    const counts = { tables: Object.keys(aws.tables).length, secrets: Object.keys(aws.secrets).length - rdsManagedSecrets.length, parameters: Object.keys(aws.parameters).length, dbClusters: Object.keys(aws.dbClusters).length, functions: Object.keys(aws.functions).length };
    report.push(`single APIs read back (${EXAMPLES_ACCOUNT}, ${region}): ${JSON.stringify(counts)}`);
    // Each kind the examples compose that reached Ready is there to be read.
    for (const [kind, key] of [['dynamodb/Table', 'tables'], ['secretsmanager/Secret', 'secrets'], ['ssm/Parameter', 'parameters'], ['rds/Cluster', 'dbClusters'], ['lambda/Function', 'functions']] as const) {
      expect([kind, counts[key]]).toEqual([kind, externalNames(exampleResources, kind).length]);
    }
  }, 5 * 60_000);

  it(`once everything has settled, the provider writes nothing to AWS for ${STEADY_POLLS} poll intervals (no diff it cannot settle)`, async () => {
    // A resource whose read-back never equals what it asks for is "updated" on every poll: it hides whether a real
    // drift was ever seen, and in AWS it is a write per poll for ever. The retries of what is not reconciled
    // (NOT_RECONCILED's writes) are the only writes expected here.
    const mark = moto!.mark();
    await new Promise((r) => setTimeout(r, STEADY_POLLS * POLL_INTERVAL_MS));
    const counts: Record<string, number> = {};
    for (const w of moto!.writesSince(mark)) counts[w] = (counts[w] ?? 0) + 1;
    report.push(`steady state: writes to AWS in ${STEADY_POLLS} poll intervals (${POLL_INTERVAL}): ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).filter((w) => !NOT_RECONCILED.some((n) => n.writes?.test(w)))).toEqual([]);
  }, STEADY_POLLS * POLL_INTERVAL_MS + 60_000);

  it(`${ENVIRONMENT.name}: drift made in AWS is put back by the provider within a few poll intervals (${POLL_INTERVAL})`, async () => {
    const aws = await inventory(moto!, ENVIRONMENT.accountId, ENVIRONMENT.region);
    const key = Object.keys(aws.keys).find((a) => a.endsWith(`/${aws.aliases[`alias/${ENVIRONMENT.name}/app-data`]}`))!;
    // The data bucket (component `bucket`), not its access-log bucket (`log-bucket`, SSE-S3 by design): the
    // 2026-12-07 runs drifted whichever of the two the API server listed first, so encryption "deleted" on the log
    // bucket never came back as aws:kms (moto's log: DELETE /app-data-…-logs?encryption).
    const bucket = devResources.find((o) => kindOf(o) === 's3/Bucket' && ownerOf(o) === 'securebucket/app-data' && o.metadata?.labels?.[`${LABEL_PREFIX}/component`] === 'bucket')!.metadata!.annotations!['crossplane.io/external-name'];
    // A log group of the environment (the flow logs go to S3; CloudTrail and the rest to CloudWatch Logs).
    const [logGroup, group] = Object.entries(aws.logGroups).find(([, g]) => (g.retentionInDays ?? 0) > 1)!;
    const drifts: Array<[Drift, string, (now: Inventory) => boolean]> = [
      ['key-rotation-off', key.split('/').pop()!, (now) => now.keys[key]?.rotation === true],
      ['bucket-encryption-deleted', bucket, (now) => now.buckets[bucket]?.encryption?.[0]?.ApplyServerSideEncryptionByDefault.SSEAlgorithm === 'aws:kms'],
      ['public-access-block-deleted', bucket, (now) => JSON.stringify(now.buckets[bucket]?.publicAccessBlock) === JSON.stringify(aws.buckets[bucket].publicAccessBlock)],
      ['retention-shortened', logGroup, (now) => now.logGroups[logGroup]?.retentionInDays === group.retentionInDays],
      ['bucket-policy-widened', bucket, (now) => !(now.buckets[bucket]?.policy?.Statement ?? []).some((st) => st.Sid === 'Drift')],
    ];
    const made = new Map<Drift, number>();
    for (const [what, id] of drifts) {
      // The change landed in AWS (so what follows is a correction): read back at once by aws.py, since a whole
      // inventory takes long enough for the provider's next poll to have put it back already.
      const change = await driftInAws(moto!, ENVIRONMENT.accountId, ENVIRONMENT.region, what, id);
      made.set(what, Date.now());
      expect([what, change.landed]).toEqual([what, true]);
    }
    const correctedAfter = new Map<Drift, number>();
    const deadline = Date.now() + 10 * POLL_INTERVAL_MS;
    while (correctedAfter.size < drifts.length && Date.now() < deadline) {
      const now = await inventory(moto!, ENVIRONMENT.accountId, ENVIRONMENT.region);
      for (const [what, , corrected] of drifts) if (!correctedAfter.has(what) && corrected(now)) correctedAfter.set(what, Date.now() - made.get(what)!);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    for (const [what] of drifts) timings[`drift ${what}: corrected after ms`] = correctedAfter.get(what) ?? -1;
    report.push(`drift in AWS, corrected after (ms, poll ${POLL_INTERVAL}): ${JSON.stringify(Object.fromEntries(correctedAfter))}`);
    // A drift not put back: what the managed resource that owns the setting says (its Synced error, or when it was
    // last synced), so the report shows whether the provider saw it, failed to correct it, or never polled it.
    const uncorrected = drifts.filter(([what]) => !correctedAfter.has(what));
    if (uncorrected.length) {
      const owners: Record<Drift, (o: KubeObject) => boolean> = {
        'key-rotation-off': (o) => kindOf(o) === 'kms/Key' && o.status?.atProvider?.arn === key,
        'bucket-encryption-deleted': (o) => kindOf(o) === 's3/BucketServerSideEncryptionConfiguration' && ownerOf(o) === 'securebucket/app-data' && o.metadata?.labels?.[`${LABEL_PREFIX}/component`] === 'bucket-encryption',
        'public-access-block-deleted': (o) => kindOf(o) === 's3/BucketPublicAccessBlock' && ownerOf(o) === 'securebucket/app-data' && o.metadata?.labels?.[`${LABEL_PREFIX}/component`] === 'bucket-public-access-block',
        'retention-shortened': (o) => kindOf(o) === 'cloudwatchlogs/Group' && o.metadata?.annotations?.['crossplane.io/external-name'] === logGroup,
        'bucket-policy-widened': (o) => kindOf(o) === 's3/BucketPolicy' && ownerOf(o) === 'securebucket/app-data' && o.metadata?.labels?.[`${LABEL_PREFIX}/component`] === 'bucket-policy',
      };
      const now = await managedResources(ENVIRONMENT.name);
      for (const [what] of uncorrected) {
        const owner = now.find(owners[what]);
        const synced = owner ? condition(owner, 'Synced') : undefined;
        // atProvider is what the provider last read from AWS: the drifted value there means it saw the drift and did
        // not correct it; the desired value means its read missed it.
        const atProvider = JSON.stringify(owner?.status?.atProvider ?? {}).slice(0, 600);
        report.push(`drift ${what} not corrected: ${owner ? `${kindOf(owner)} ${owner.metadata?.name}: ${whyNot(owner)}; Synced since ${synced?.lastTransitionTime ?? '?'}; atProvider ${atProvider}` : 'owning managed resource not found'}`);
      }
    }
    expect(drifts.map(([what]) => [what, correctedAfter.has(what)])).toEqual(drifts.map(([what]) => [what, true]));
  }, 15 * 60_000);

  it(`deleting the ${ENVIRONMENT.name} SecureEnvironment removes its resources from AWS; deleting prod claims keeps theirs`, async () => {
    // Prod claims of the examples: a key, and a table and parameters on it (deletionProtection, so no Delete
    // management policy). The parameters' secret value comes from a Kubernetes Secret, as a user would provide it.
    const prod = ['dist/examples/encryptionkey/prod-all-services.yaml', 'dist/examples/securetable/prod-orders.yaml', 'dist/examples/configparameter/prod-checkout.yaml'].flatMap((f) => docs(f));
    await apply(cp(), 'prod parameter secret', [{
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'checkout-payment', namespace: EXAMPLES_NAMESPACE }, stringData: { token: 'e2e-payment-token' },
    } as KubeObject]);
    await apply(cp(), 'prod examples', prod);
    const prodOwners = prod.map((c) => `${c.kind.toLowerCase()}/${c.metadata!.name}`);
    const prodManaged = async () => (await managedResources(EXAMPLES_NAMESPACE)).filter((o) => prodOwners.includes(ownerOf(o)));
    const ready = await eventually('prod examples Ready', 15 * 60_000, async () => {
      const items = await prodManaged();
      // Thrown, not returned: the last state (what is missing or not Ready, and why) is what a timeout reports.
      const notReady = items.filter((o) => !isReady(o) && !explained(o));
      // The key and its alias, the table, two parameters (and Usages, which are not managed resources).
      if (items.length < 5 || notReady.length) throw new Error(`${items.length} managed resources of ${prodOwners.join(', ')}; not Ready: ${notReady.map((o) => `${kindOf(o)} ${ownerOf(o)}: ${whyNot(o)}`).join('; ') || 'none'}`);
      return items;
    }, diagnostics);
    expect(stale('prod', ready)).toEqual([]);
    expect(ready.map((o) => [kindOf(o), (o.spec?.managementPolicies ?? ['*']).some((p: string) => p === '*' || p === 'Delete')])).toEqual(ready.map((o) => [kindOf(o), false]));
    const prodKey = ready.find((o) => kindOf(o) === 'kms/Key')!.status.atProvider.arn as string;
    // What the provider created for prod, to be found in AWS after the claims are gone (a listed table is not created).
    const prodTables = ready.filter((o) => kindOf(o) === 'dynamodb/Table' && isReady(o)).map((o) => o.metadata!.annotations!['crossplane.io/external-name']!);
    const prodParameters = ready.filter((o) => kindOf(o) === 'ssm/Parameter').map((o) => o.metadata!.annotations!['crossplane.io/external-name']!);
    expect(prodParameters.length).toBe(2);

    const t = Date.now();
    const deleteClaim = (c: KubeObject) => cp().kubectl(['delete', `${c.kind.toLowerCase()}.platform.secure-baseline.io`, c.metadata!.name!, '-n', EXAMPLES_NAMESPACE, '--wait=false']);
    // The key's users first. The key itself is refused while a Usage still names it (Crossplane removes a Usage once
    // the XR using the key is gone; run 7 deleted all three at once and the key was refused): retried until then,
    // and refused for that reason only.
    for (const c of prod.filter((c) => c.kind !== 'EncryptionKey')) {
      const r = await deleteClaim(c);
      expect([c.metadata!.name, r.code === 0 ? 'deleted' : r.stderr]).toEqual([c.metadata!.name, 'deleted']);
    }
    for (const c of prod.filter((c) => c.kind === 'EncryptionKey')) {
      const refusal = await eventually(`EncryptionKey ${c.metadata!.name} deletion accepted once its users are gone`, 5 * 60_000, async () => {
        const r = await deleteClaim(c);
        if (r.code === 0) return 'accepted';
        if (!/denied the request: This resource is in-use by \d+ usage\(s\)/.test(r.stderr)) return r.stderr;
        throw new Error(r.stderr);
      }, diagnostics);
      expect([c.metadata!.name, refusal]).toEqual([c.metadata!.name, 'accepted']);
    }
    timings['deletion: prod key deletion accepted after ms'] = Date.now() - t;
    const r = await cp().kubectl(['delete', 'secureenvironment.platform.secure-baseline.io', ENVIRONMENT.name, '-n', ENVIRONMENT.name, '--wait=false']);
    expect([ENVIRONMENT.name, r.code === 0 ? 'deleted' : r.stderr]).toEqual([ENVIRONMENT.name, 'deleted']);
    // What is not reconciled never leaves Kubernetes (its observe fails, so its deletion cannot be confirmed).
    const neverReconciled = explained;
    // The platform never force-destroys a bucket (SB-S3-13): one that holds objects (access logs S3 delivered, in
    // run 8) is refused with BucketNotEmpty and kept, data and all, until a person empties it. The test does what that
    // person does, once per bucket and only after the refusal, and the provider's next attempt deletes it.
    const emptied: Record<string, number> = {};
    await eventually('the dev and prod managed resources gone from Kubernetes', 15 * 60_000, async () => {
      const left = [...(await managedResources(ENVIRONMENT.name)), ...await prodManaged()].filter((o) => !neverReconciled(o));
      // Dev buckets only (the dev account's): a prod bucket has no Delete management policy, so it is never deleted in AWS.
      for (const b of left.filter((o) => o.metadata?.namespace === ENVIRONMENT.name && kindOf(o) === 's3/Bucket' && /BucketNotEmpty/.test(whyNot(o)))) {
        const name = b.metadata!.annotations!['crossplane.io/external-name']!;
        if (emptied[name] === undefined) emptied[name] = (await emptyBucket(moto!, ENVIRONMENT.accountId, ENVIRONMENT.region, name)).deleted;
      }
      if (left.length) throw new Error(`${left.length} left, e.g. ${left.slice(0, 5).map((o) => `${kindOf(o)} ${ownerOf(o)}: ${whyNot(o)}`).join('; ')}`);
      return true;
    }, diagnostics);
    timings['deletion: managed resources gone ms'] = Date.now() - t;
    report.push(`deletion: buckets refused as not empty, then emptied by the test (objects deleted): ${JSON.stringify(emptied)}`);
    // A refused bucket had objects: emptying found some.
    expect(Object.entries(emptied).filter(([, n]) => n === 0)).toEqual([]);

    const dev = await inventory(moto!, ENVIRONMENT.accountId, ENVIRONMENT.region);
    expect(Object.keys(dev.buckets)).toEqual([]);
    expect(Object.keys(dev.vpcs)).toEqual([]);
    expect(Object.keys(dev.logGroups)).toEqual([]);
    expect(Object.keys(dev.topics)).toEqual([]);
    expect(Object.keys(dev.trails)).toEqual([]);
    expect(Object.keys(dev.policies)).toEqual([]);
    // KMS never deletes a key at once: it is scheduled for deletion after its window.
    expect(Object.values(dev.keys).map((k) => k.state)).toEqual(Object.values(dev.keys).map(() => 'PendingDeletion'));
    const examples = await inventory(moto!, EXAMPLES_ACCOUNT, 'us-east-1');
    expect(examples.keys[prodKey]?.state).toBe('Enabled');
    for (const t of prodTables) expect([t, examples.tables[t] !== undefined]).toEqual([t, true]);
    // SSM reports the key as it was given: the ARN, or an alias or key id.
    const isProdKey = (id: string | undefined) => id === prodKey || prodKey.endsWith(`/${id?.startsWith('alias/') ? examples.aliases[id] : id}`);
    for (const p of prodParameters) expect([p, examples.parameters[p]?.type, isProdKey(examples.parameters[p]?.keyId)]).toEqual([p, 'SecureString', true]);
    report.push(`deletion: dev account after: ${JSON.stringify({ buckets: 0, vpcs: 0, keys: Object.values(dev.keys).map((k) => k.state) })}; prod kept: key ${prodKey} ${examples.keys[prodKey]?.state}, tables ${JSON.stringify(prodTables)}, parameters ${JSON.stringify(prodParameters)}`);
  }, 40 * 60_000);
});
