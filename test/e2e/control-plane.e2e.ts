/**
 * End to end on a live control plane (`npm run e2e`): etcd, kube-apiserver and kube-controller-manager v1.35 as
 * local processes, Crossplane core (scripts/tool-versions.sh CROSSPLANE_CORE_VERSION) out of cluster, and our
 * function over mutual TLS (test/e2e/*.ts). The platform from dist/ is applied with server-side apply, then an
 * environment; no AWS provider runs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentXrs } from '../../synth/claims';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT } from '../../lib/crds';
import { LABEL_PREFIX } from '../../lib/platform';
import { COMPOSITION_RESOURCE_NAME, previewClaim } from '../../synth/preview';
import { DEV_COMMON, xrObject } from '../support/xr';
import { selfReportedXrs } from '../../synth/steady-state';
import { ENVIRONMENTS, type EnvironmentConfig } from '../../config/environments';
import { SYNTHESIZED_ENVIRONMENTS } from '../../examples';
import { CORPUS } from '../validation/bad-claims';
import { TEAM_PROVIDER_CONFIG, TEAM_PROVIDER_CONFIG_POLICY } from '../../charts/team';
import { DENIED } from '../support/admission-fixtures';
import { ADMISSION_POLICIES } from '../../compliance/admission/policies';
import type { ControlPlane } from './control-plane';
import { condition, eventually as waitFor, kubectlJson as kubeJson } from './kube';
import { startPlatform, type Platform } from './platform';

const SETUP_TIMEOUT_MS = 60 * 60_000;
const SYNC_TIMEOUT_MS = 180_000;
const ENVIRONMENT = 'dev';

let dir: string;
let platform: Platform | undefined;
let cp: ControlPlane | undefined;
const timings: Record<string, number> = {};

const kubectlJson = (args: readonly string[]) => kubeJson(cp!, args);
const diagnostics = () => platform?.diagnostics() ?? '';
const eventually = <T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) => waitFor(what, timeoutMs, probe, diagnostics);

/**
 * Whether the API server's message names the field. It writes items of map-type lists (listType: map) by key:
 * `spec.buckets[name="orders"].publicRead` for the corpus's `spec.buckets[0].publicRead`.
 */
function namesField(message: string, field: string): boolean {
  const pattern = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\[\d+\\\]/g, '\\[(?:\\d+|[a-z]+="[^"]*")\\]');
  return new RegExp(pattern).test(message);
}

/** Waits until every XR of the environment (the SecureEnvironment and its nested members) is Synced; returns them. */
async function environmentSynced(env: EnvironmentConfig): Promise<KubeObject[]> {
  const xrs = environmentXrs(env);
  for (const xr of xrs) {
    // kubectl resolves <kind>.<group> itself (plurals are not always <kind>s).
    const plural = `${xr.kind.toLowerCase()}.platform.secure-baseline.io`;
    await eventually(`${xr.kind} ${xr.metadata!.name} Synced`, SYNC_TIMEOUT_MS, async () => {
      const live = await kubectlJson(['get', plural, '-n', xr.metadata!.namespace!, xr.metadata!.name!]);
      const synced = condition(live, 'Synced');
      if (synced?.status === 'False') throw new Error(`${xr.kind} ${xr.metadata!.name} Synced=False: ${synced.message}`);
      return synced?.status === 'True' ? live : undefined;
    });
  }
  return xrs;
}

/** Every managed resource (category `managed`: the provider CRDs) in a namespace. */
async function managedResources(namespace: string): Promise<KubeObject[]> {
  return ((await kubectlJson(['get', 'managed', '-n', namespace])) as unknown as { items: KubeObject[] }).items;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-e2e-'));
  platform = await startPlatform(dir, timings);
  ({ cp } = platform);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await platform?.stop();
  console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('live control plane', () => {
  // Every environment synth writes: the defaults and the requirement scenarios, each in its own namespace.
  it.each(SYNTHESIZED_ENVIRONMENTS.map(({ dir, env }) => [env.name, dir, env] as const))('the %s environment (dist/%s): every XR becomes Synced and composes what the preview shows', async (name, dir, env) => {
    const t = Date.now();
    const r = await cp!.kubectl(['apply', '--server-side', '-f', join(PROJECT_ROOT, `dist/${dir}/${name}.k8s.yaml`)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const xrs = await environmentSynced(env);
    // Every composed resource of every XR, as the function composes it once each XR has reported the status its
    // own composition gives it (names, ARNs derived from names; no provider runs, so nothing observed): what
    // synth's preview shows, a reconcile later where an XR reads another's status (a function's policy naming the
    // buckets it reads). Crossplane gets there in a few reconciles: each resource is awaited until it matches.
    const world = selfReportedXrs(xrs);
    let matched = 0;
    for (const xr of world) {
      const preview = previewClaim(xr, world);
      for (const [resourceName, want] of Object.entries(preview.resources)) {
        // kubectl resolves <kind>.<group> (and a core kind by itself); plurals are not always <kind>s.
        const plural = want.apiVersion.includes('/') ? `${want.kind.toLowerCase()}.${want.apiVersion.split('/')[0]}` : want.kind.toLowerCase();
        await eventually(`${xr.kind}/${xr.metadata!.name} ${resourceName} as the preview shows it`, SYNC_TIMEOUT_MS, async () => {
          const r2 = await cp!.kubectl(['get', plural, '-n', xr.metadata!.namespace!, '-o', 'json']);
          if (r2.code !== 0) throw new Error(`kubectl get ${plural}: ${r2.stderr}`);
          const items = (JSON.parse(r2.stdout) as { items: KubeObject[] }).items;
          // Nested XRs have the names our composer gives them; managed resources get names from Crossplane and are
          // found by the owner labels our composers put on them and the composition resource name.
          const found = want.metadata?.name
            ? items.find((o) => o.metadata?.name === want.metadata!.name)
            : items.find((o) => o.metadata?.annotations?.[COMPOSITION_RESOURCE_NAME] === resourceName
              && o.metadata?.labels?.[`${LABEL_PREFIX}/kind`] === want.metadata?.labels?.[`${LABEL_PREFIX}/kind`]
              && o.metadata?.labels?.[`${LABEL_PREFIX}/name`] === want.metadata?.labels?.[`${LABEL_PREFIX}/name`]);
          if (!found) throw new Error(`no ${plural} for ${xr.kind}/${xr.metadata!.name} ${resourceName} among ${items.map((o) => `${o.metadata?.name} ${JSON.stringify(o.metadata?.labels)}`).join('; ').slice(0, 1500)}`);
          // What the preview says is there, as it says it (the API server adds defaults and Crossplane its own
          // fields); the last mismatch is reported if it never matches.
          expect(found.kind).toBe(want.kind);
          expect(found.metadata?.labels).toMatchObject(want.metadata?.labels ?? {});
          if (want.spec) expect(found.spec).toMatchObject(want.spec);
          if (want.data) expect(found.data).toEqual(want.data);
          return found;
        });
        matched++;
      }
    }
    // Each XR composes something (the awaits above fail the test on any resource missing or different).
    expect(matched).toBeGreaterThan(xrs.length);
    timings[`${name}: XRs`] = xrs.length;
    timings[`${name}: composed resources matched`] = matched;
    timings[`${name}: synced and matched ms`] = Date.now() - t;
  }, 15 * 60_000);

  it("RBAC: a team member creates platform XRs in the team namespace only, on the team's credentials, and no managed resources", async () => {
    for (const file of ['dist/platform/platform-rbac.k8s.yaml', `dist/environments/${ENVIRONMENT}-payments.k8s.yaml`]) {
      const r = await cp!.kubectl(['apply', '--server-side', '-f', join(PROJECT_ROOT, file)]);
      expect(r.code).toBe(0);
    }
    const asMember = ['--as', 'alice@example.com', '--as-group', `${ENVIRONMENT}:payments`];
    const create = (o: KubeObject) => cp!.kubectl(['create', '--dry-run=server', ...asMember, '-f', '-'], { input: JSON.stringify(o) });
    const teamCredentials = { kind: 'ProviderConfig', name: TEAM_PROVIDER_CONFIG };
    const key = (namespace: string, providerConfigRef: Record<string, string> = teamCredentials) =>
      xrObject('EncryptionKey', 'team-key', { ...DEV_COMMON, description: 'team data', providerConfigRef }, namespace);
    const own = await create(key(`${ENVIRONMENT}-payments`));
    expect(own.stderr).toBe('');
    expect(own.code).toBe(0);
    // The team's XRs must use the team's own credentials, not the platform's ClusterProviderConfig (the default);
    // the policy is enforced once the API server has loaded it.
    const platformCredentials = await eventually('the team provider-config policy in force', 60_000, async () => {
      const r = await create(key(`${ENVIRONMENT}-payments`, { kind: 'ClusterProviderConfig', name: 'default' }));
      return r.code !== 0 ? r : undefined;
    });
    expect(platformCredentials.stderr).toContain(`'${TEAM_PROVIDER_CONFIG_POLICY}'`);
    expect(platformCredentials.stderr).toContain('set spec.providerConfigRef to {kind: ProviderConfig, name: team}');
    const other = await create(key(ENVIRONMENT));
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/forbidden/i);
    const mr = await create({ apiVersion: 'kms.aws.m.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'direct', namespace: `${ENVIRONMENT}-payments` }, spec: { forProvider: { region: 'us-east-1' } } });
    expect(mr.code).not.toBe(0);
    expect(mr.stderr).toMatch(/forbidden/i);
  }, 5 * 60_000);

  it('drift: an edit the admission policies refuse never lands; one they admit is put back by Crossplane', async () => {
    const keys = await kubectlJson(['get', 'key.kms.aws.m.upbound.io', '-n', ENVIRONMENT, '-l', `${LABEL_PREFIX}/name=app-data`]) as unknown as { items: KubeObject[] };
    expect(keys.items).toHaveLength(1);
    const name = keys.items[0].metadata!.name!;
    const desired = keys.items[0].spec.forProvider;
    expect(desired.enableKeyRotation).toBe(true);
    const patch = (forProvider: Record<string, unknown>) => cp!.kubectl(['patch', 'key.kms.aws.m.upbound.io', name, '-n', ENVIRONMENT, '--type', 'merge', '-o', 'json', '-p', JSON.stringify({ spec: { forProvider } })]);

    // Turning rotation off is refused outright by the kms-key-rotation policy, whoever asks.
    const rotationOff = await patch({ enableKeyRotation: false });
    expect(rotationOff.code).not.toBe(0);
    expect(rotationOff.stderr).toContain("'secure-baseline-kms-key-rotation'");

    // A key policy opened to every principal and a shorter deletion window pass admission (neither is one
    // object's rule there); Crossplane puts the desired state back.
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Drift', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] });
    const t = Date.now();
    const drifted = await patch({ policy: open, deletionWindowInDays: 7 });
    expect(drifted.stderr).toBe('');
    expect(drifted.code).toBe(0);
    // The edit was stored (the API server's answer to the patch), so what follows is a correction, not a no-op.
    expect(JSON.parse(drifted.stdout).spec.forProvider).toMatchObject({ policy: open, deletionWindowInDays: 7 });
    await eventually('key policy and deletion window put back', 120_000, async () => {
      const k = await kubectlJson(['get', 'key.kms.aws.m.upbound.io', name, '-n', ENVIRONMENT]);
      return k.spec.forProvider.policy === desired.policy && k.spec.forProvider.deletionWindowInDays === desired.deletionWindowInDays ? true : undefined;
    });
    timings.driftCorrectedMs = Date.now() - t;
  }, 5 * 60_000);

  it('status: once the provider reports its resources Ready with ids, the XR is Ready and shows the outputs', async () => {
    // No provider runs: the test writes what provider-aws would, on the key and the alias of EncryptionKey app-data.
    const arn = 'arn:aws:kms:us-east-1:111111111111:key/0f1e2d3c-4b5a-4697-8877-665544332211';
    const owned = async (kind: string) => ((await kubectlJson(['get', kind, '-n', ENVIRONMENT, '-l', `${LABEL_PREFIX}/name=app-data,${LABEL_PREFIX}/kind=encryptionkey`])) as unknown as { items: KubeObject[] }).items;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const ready = [{ type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: now }, { type: 'Synced', status: 'True', reason: 'ReconcileSuccess', lastTransitionTime: now }];
    const [key] = await owned('key.kms.aws.m.upbound.io');
    const [alias] = await owned('alias.kms.aws.m.upbound.io');
    for (const [kind, o, atProvider] of [['key.kms.aws.m.upbound.io', key, { arn, keyId: arn.split('/')[1] }], ['alias.kms.aws.m.upbound.io', alias, { arn: 'arn:aws:kms:us-east-1:111111111111:alias/dev/app-data' }]] as const) {
      const r = await cp!.kubectl(['patch', kind, o.metadata!.name!, '-n', ENVIRONMENT, '--subresource', 'status', '--type', 'merge', '-p', JSON.stringify({ status: { atProvider, conditions: ready } })]);
      expect(r.code).toBe(0);
    }
    const t = Date.now();
    const xr = await eventually('EncryptionKey app-data Ready with its key ARN', 120_000, async () => {
      const live = await kubectlJson(['get', 'encryptionkey.platform.secure-baseline.io', 'app-data', '-n', ENVIRONMENT]);
      return condition(live, 'Ready')?.status === 'True' && live.status?.keyArn === arn ? live : undefined;
    });
    timings.statusPropagatedMs = Date.now() - t;
    expect(xr.status).toMatchObject({ keyArn: arn, aliasName: 'alias/dev/app-data' });
  }, 5 * 60_000);

  it(`refuses every bad claim of the corpus (${CORPUS.length}) at apply time, naming the field`, async () => {
    const failures: string[] = [];
    for (const [what, kind, spec, field] of CORPUS) {
      const r = await cp!.kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: JSON.stringify(xrObject(kind, 'bad', spec, 'default')) });
      if (r.code === 0 || !namesField(r.stderr, field)) failures.push(`${what}: exit ${r.code}, ${r.stderr.trim() || r.stdout.trim()}`);
    }
    expect(failures).toEqual([]);
  }, 10 * 60_000);
  it(`the ValidatingAdmissionPolicies refuse each of their denied fixtures (${DENIED.length}) with the rule's message`, async () => {
    const namespace = 'admission-e2e';
    expect((await cp!.kubectl(['create', 'namespace', namespace])).code).toBe(0);
    const messages = new Map(ADMISSION_POLICIES.map((p) => [p.name, p.validations.map((v) => v.message)]));
    // Fixtures that drop a field the provider's CRD itself requires (an `x-kubernetes-validations` rule "… is a
    // required parameter"): the API server refuses them at schema validation, before any admission policy runs.
    const refusedByTheCrd = new Set(['s3-versioning: no versioningConfiguration', 's3-acls-disabled: no rule']);
    const attempt = (o: KubeObject) => cp!.kubectl(['create', '--dry-run=server', '-f', '-'], {
      // A fixture that is not as Crossplane applies it (no generated name) gets one.
      input: JSON.stringify({ ...o, metadata: { name: 'admission-fixture', ...o.metadata, namespace } }),
    });
    const failures: string[] = [];
    for (const [policy, what, fixture, index] of DENIED) {
      const r = await attempt(fixture());
      const refusal = refusedByTheCrd.has(`${policy}: ${what}`)
        ? / is invalid: spec: Invalid value: spec\.forProvider\.\w+ is a required parameter/.test(r.stderr)
        // The API server names the policy and gives the validation's message: `ValidatingAdmissionPolicy
        // 'secure-baseline-<policy>' with binding '…' denied request: <message>`.
        : r.stderr.includes(`'secure-baseline-${policy}'`) && r.stderr.includes(messages.get(policy)![index]);
      if (r.code === 0 || !refusal) failures.push(`${policy}: ${what}: exit ${r.code}, ${r.stderr.trim() || r.stdout.trim()}`);
    }
    expect(failures).toEqual([]);
  }, 10 * 60_000);

  it('prod: a Usage refuses deleting an EncryptionKey while a SecureBucket uses it, and no managed resource may delete in AWS', async () => {
    // Applied and Synced by the first tests.
    const xrs = await environmentSynced(ENVIRONMENTS.find((e) => e.name === 'prod')!);
    // Crossplane marks what a Usage protects; only then does the webhook see its deletion.
    const key = 'encryptionkey.platform.secure-baseline.io';
    await eventually('EncryptionKey app-data marked in use', SYNC_TIMEOUT_MS, async () => {
      const live = await kubectlJson(['get', key, 'app-data', '-n', 'prod']);
      return live.metadata?.labels?.['crossplane.io/in-use'] === 'true' ? true : undefined;
    });
    const refused = await cp!.kubectl(['delete', key, 'app-data', '-n', 'prod', '--wait=false']);
    expect(refused.code).not.toBe(0);
    // Crossplane's message: `This resource is in-use by N usage(s), including the *v1beta1.Usage "…" by resource <Kind>/<name>.`
    expect(refused.stderr).toMatch(/nousages\.protection\.crossplane\.io.*denied the request: This resource is in-use by \d+ usage\(s\)/s);
    const usages = ((await kubectlJson(['get', 'usages.protection.crossplane.io', '-n', 'prod'])) as unknown as { items: KubeObject[] }).items;
    expect(usages.map((u) => `${u.spec?.of?.kind}/${u.spec?.of?.resourceRef?.name} by ${u.spec?.by?.kind}/${u.spec?.by?.resourceRef?.name}`)).toContain('EncryptionKey/app-data by SecureBucket/app-data');
    const still = await kubectlJson(['get', key, 'app-data', '-n', 'prod']);
    expect(still.metadata?.deletionTimestamp).toBeUndefined();

    // Stateful data must survive deleting a claim: prod composes every managed resource without the Delete
    // management policy, so the provider orphans the AWS resource instead of destroying it.
    const managed = await eventually('prod managed resources composed', SYNC_TIMEOUT_MS, async () => {
      const items = await managedResources('prod');
      return items.length >= xrs.length ? items : undefined;
    });
    // The one exception: a SecureApi's per-route parts (API Gateway path resources, methods, integrations and
    // their Lambda permissions) hold no data and must disappear with their route (secure-api/composer.ts,
    // ROUTE_MANAGEMENT_POLICIES).
    const routePart = (o: KubeObject) => o.metadata?.labels?.[`${LABEL_PREFIX}/kind`] === 'secureapi'
      && ['apigateway.aws.m.upbound.io/Resource', 'apigateway.aws.m.upbound.io/Method', 'apigateway.aws.m.upbound.io/Integration', 'lambda.aws.m.upbound.io/Permission']
        .includes(`${o.apiVersion.split('/')[0]}/${o.kind}`);
    const deleting = managed.filter((o) => {
      const policies: string[] = o.spec?.managementPolicies ?? ['*'];
      return (policies.includes('*') || policies.includes('Delete')) && !routePart(o);
    });
    expect(deleting.map((o) => `${o.kind}/${o.metadata?.name}: ${JSON.stringify(o.spec?.managementPolicies)}`)).toEqual([]);
    expect(managed.filter((o) => !routePart(o)).length).toBeGreaterThan(100);
    timings.prodManagedResources = managed.length;
  }, 15 * 60_000);

  it(`deleting the ${ENVIRONMENT} environment removes every XR and managed resource it composed`, async () => {
    const before = await managedResources(ENVIRONMENT);
    expect(before.length).toBeGreaterThan(100);
    const t = Date.now();
    const r = await cp!.kubectl(['delete', 'secureenvironment.platform.secure-baseline.io', ENVIRONMENT, '-n', ENVIRONMENT, '--wait=false']);
    expect(r.code).toBe(0);
    await eventually(`the ${ENVIRONMENT} namespace holds no XR and no managed resource`, 10 * 60_000, async () => {
      const left = [...await managedResources(ENVIRONMENT), ...((await kubectlJson(['get', 'securebaseline', '-n', ENVIRONMENT])) as unknown as { items: KubeObject[] }).items];
      if (left.length) throw new Error(`${left.length} left, e.g. ${left.slice(0, 5).map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
      return true;
    });
    timings.environmentDeletedMs = Date.now() - t;
    timings.environmentDeletedResources = before.length;
  }, 15 * 60_000);
});
