/**
 * The platform's steady state, computed at synth time: what every XR composes once AWS has created all it asked
 * for and every XR has reported its outputs (ARNs, ids) for the XRs that read them. The compliance report evaluates
 * this world, and tests and benchmarks compose in it. Provider outputs are well-formed stand-ins (the ids AWS
 * would assign cannot be known before it assigns them); everything else is what the composers really emit.
 */
import { apiForKind } from '../compositions';
import type { KubeObject } from '../lib/composer';
import { previewClaim } from './preview';

/** An observed managed resource that its provider reports Ready, with atProvider fields. */
export function readyManaged(desired: KubeObject, atProvider: Record<string, unknown> = {}): KubeObject {
  return { ...desired, status: { atProvider, conditions: [{ type: 'Ready', status: 'True', reason: 'Available' }, { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' }] } };
}

/**
 * What the XRs report once their AWS resources exist (the ARNs and ids other XRs read through requirements),
 * derived from each XR's previewed status: the world in which every cross-XR reference has resolved.
 * Values are well-formed stand-ins, not real ids.
 */
export function reportedStatus(xr: KubeObject, previewStatus: Record<string, unknown>): Record<string, unknown> {
  const { region, accountId } = xr.spec ?? {};
  const name = xr.metadata?.name ?? '';
  const id = [...name].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, '0');
  const api = apiForKind(xr.kind);
  return api?.readyStatus ? api.readyStatus(previewStatus, { region, accountId, id }) : previewStatus;
}

/** The XRs as they are once every one has reported its status (see reportedStatus), for composing in that world. */
export function settledXrs(xrs: readonly KubeObject[]): KubeObject[] {
  let world = [...xrs];
  // A status may depend on another XR's (a bucket's key ARN): a few rounds, like Crossplane's reconciles.
  for (let round = 0; round < 3; round++) {
    world = world.map((x) => ({ ...x, status: reportedStatus(x, previewClaim(x, world).status) }));
  }
  return world;
}

/**
 * The XRs as a cluster without providers holds them once Crossplane has reconciled them: each XR's status is what
 * its own composition reports (names and the ARNs derived from them), nothing any provider reports. A status may
 * depend on another XR's, so this repeats until nothing changes, as Crossplane's reconciles do.
 */
export function selfReportedXrs(xrs: readonly KubeObject[], maxRounds = 5): KubeObject[] {
  let world = [...xrs];
  for (let round = 0; round < maxRounds; round++) {
    const next = world.map((x) => ({ ...x, status: previewClaim(x, world).status }));
    if (JSON.stringify(next) === JSON.stringify(world)) return world;
    world = next;
  }
  throw new Error(`XR statuses did not settle in ${maxRounds} rounds`);
}

/**
 * Stand-in provider outputs of a composed managed resource: what upjet providers report in atProvider (the
 * parameters as applied) plus the ids and ARNs composers read.
 */
export function fakeAtProvider(component: string, r: KubeObject): Record<string, unknown> {
  const group = r.apiVersion.split('.')[0];
  const fp = r.spec?.forProvider ?? {};
  const id = `${component.replace(/[^a-z0-9]/g, '')}0001`;
  return { ...fp, id, arn: `arn:aws:${group}:${fp.region ?? 'us-east-1'}:111111111111:${component}`, rootResourceId: 'rootres0001' };
}

/**
 * An EncryptionKey's kms Key as the cluster holds it once created: reporting the ARN its XR reports (in a settled
 * world), the ARN every key-backed resource names. So rules that follow a key named by ARN find the key.
 */
function withReportedKeyArn(xr: KubeObject, resources: Record<string, KubeObject>): Record<string, KubeObject> {
  const arn: unknown = xr.status?.keyArn;
  if (xr.kind !== 'EncryptionKey' || typeof arn !== 'string' || !resources.key) return resources;
  return { ...resources, key: { ...resources.key, status: { atProvider: { arn } } } };
}

/**
 * What an XR composes once the providers have created everything it asked for, round after round (as Crossplane
 * reconciles): parts composed only once another part reports an id appear too. For tests that need the whole of
 * what an XR will compose, not only its first wave.
 */
export function reconciled(xr: KubeObject, world: readonly KubeObject[], maxRounds = 10): Record<string, KubeObject> {
  let observed: Record<string, KubeObject> = {};
  for (let round = 0; round < maxRounds; round++) {
    const { resources } = previewClaim(xr, world, observed);
    const next = Object.fromEntries(Object.entries(resources).map(([k, r]) => [k, readyManaged(r, fakeAtProvider(k, r))]));
    if (Object.keys(next).sort().join() === Object.keys(observed).sort().join()) return withReportedKeyArn(xr, resources);
    observed = next;
  }
  throw new Error(`${xr.kind} ${xr.metadata?.name}: composition did not settle in ${maxRounds} rounds`);
}
