/**
 * The compliance rule engine's vocabulary. A rule reads the managed resources an environment (or one XR)
 * composes and says, per resource it applies to, whether it passes, with the evidence: which resource, which
 * field, which value. The same rules run at synth time on the preview (`npm run compliance`), in the composition
 * function on every reconcile (XR status), and, where one object decides, as admission policies.
 */
import type { KubeObject } from '../lib/composer';
import { LABEL_PREFIX } from '../lib/platform';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a rule comes from in the frameworks auditors ask about, and its equivalent in other tools. */
export interface RuleMappings {
  /** CIS AWS Foundations Benchmark v3.0 control ids, e.g. `3.6`. */
  readonly cis?: readonly string[];
  /** NIST SP 800-53 rev. 5 controls, e.g. `SC-28`. */
  readonly nist80053?: readonly string[];
  /** PCI DSS 4.0 requirements, e.g. `3.5.1`. */
  readonly pciDss?: readonly string[];
  /** SOC 2 trust services criteria, e.g. `CC6.1`. */
  readonly soc2?: readonly string[];
  /** cdk-nag rule ids (AwsSolutions-*), e.g. `AwsSolutions-S1`. */
  readonly cdkNag?: readonly string[];
  /** Checkov check ids, e.g. `CKV_AWS_18`. */
  readonly checkov?: readonly string[];
  /** The AWS Config managed rule checking the same in the account, when one exists. */
  readonly awsConfig?: string;
}

/** A composed managed resource as the rules see it. */
export interface ComposedResource {
  /** Stable reference for reports: `<Kind>/<xr kind>/<xr name>/<component>` or the object's name. */
  readonly ref: string;
  readonly object: KubeObject;
}

/** One verdict of a rule on one resource (or on the set, for rules about the whole environment). */
export interface RuleResult {
  readonly resource: string;
  readonly passed: boolean;
  /** The field the verdict rests on (dotted path in the object, e.g. `spec.forProvider.enableKeyRotation`). */
  readonly field: string;
  /** The value found (undefined when the field is absent). */
  readonly value?: unknown;
  /** On failure: what is wrong and what to change. */
  readonly message?: string;
}

export interface Rule {
  /** Stable id, `SB-<SERVICE>-<n>`; never reused for another meaning. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Why it matters, for the auditor's report. */
  readonly rationale: string;
  /** Managed-resource kinds the rule reads, as `<group>/<Kind>` (e.g. `kms.aws.m.upbound.io/Key`). */
  readonly reads: readonly string[];
  readonly mappings: RuleMappings;
  /**
   * Verdicts on the set. A rule with nothing to judge (no resource of its kinds) returns []. A rule that relates
   * resources (a bucket and its policy) judges what it can: when the other resource is not in the set (evaluated
   * per XR, it may live in another XR), it says so by not judging, never by failing.
   */
  check(resources: ResourceSet): RuleResult[];
}

/**
 * The resources under evaluation, with lookups rules need. The function evaluates every rule on every reconcile,
 * so lookups by kind and by component are indexed once per set rather than scanning the set per rule.
 */
export class ResourceSet {
  readonly all: readonly ComposedResource[];
  private readonly byKind = new Map<string, ComposedResource[]>();
  private byComponent?: Map<string, ComposedResource>;
  constructor(objects: readonly KubeObject[]) {
    this.all = objects.map((object) => ({ ref: refOf(object), object }));
    for (const r of this.all) {
      const kind = `${groupOf(r.object.apiVersion)}/${r.object.kind}`;
      const list = this.byKind.get(kind);
      if (list) list.push(r);
      else this.byKind.set(kind, [r]);
    }
  }
  /** Resources of a kind, by `<group>/<Kind>` (the version is ignored). */
  ofKind(kind: string): ComposedResource[] {
    return [...(this.byKind.get(kind) ?? [])];
  }
  /** Resources composed by the same XR as `r` (same namespace) with the given component label. */
  sibling(r: ComposedResource, component: string): ComposedResource | undefined {
    if (!this.byComponent) {
      this.byComponent = new Map();
      // The first resource with a key wins, as a scan in set order would find it.
      for (const o of this.all) {
        const key = componentKey(o.object, o.object.metadata?.labels?.[`${LABEL_PREFIX}/component`]);
        if (!this.byComponent.has(key)) this.byComponent.set(key, o);
      }
    }
    return this.byComponent.get(componentKey(r.object, component));
  }
  /** The resources a selector (matchControllerRef + labels) of `r` resolves to, among resources of `kind`. */
  selected(r: ComposedResource, selector: { matchControllerRef?: boolean; matchLabels?: Record<string, string> } | undefined, kind: string): ComposedResource[] {
    if (!selector) return [];
    const l = r.object.metadata?.labels ?? {};
    return this.ofKind(kind).filter((o) => {
      const ol = o.object.metadata?.labels ?? {};
      // Selectors resolve within the namespace of the selecting resource (namespaced managed resources).
      if (o.object.metadata?.namespace !== r.object.metadata?.namespace) return false;
      if (selector.matchControllerRef && (ol[`${LABEL_PREFIX}/kind`] !== l[`${LABEL_PREFIX}/kind`] || ol[`${LABEL_PREFIX}/name`] !== l[`${LABEL_PREFIX}/name`])) return false;
      return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => ol[k] === v);
    });
  }
}

const groupOf = (apiVersion: string) => apiVersion.slice(0, Math.max(0, apiVersion.indexOf('/')));

/** Namespace, owning XR (kind and name labels) and component: which part of which XR a resource is. */
function componentKey(o: KubeObject, component: string | undefined): string {
  const l = o.metadata?.labels ?? {};
  return JSON.stringify([o.metadata?.namespace, l[`${LABEL_PREFIX}/kind`], l[`${LABEL_PREFIX}/name`], component]);
}

/** `<Kind> <xr kind>/<xr name>/<component>`: which resource, in words an auditor can follow to the preview file. */
export function refOf(o: KubeObject): string {
  const l = o.metadata?.labels ?? {};
  const owner = l[`${LABEL_PREFIX}/kind`] && l[`${LABEL_PREFIX}/name`] ? `${l[`${LABEL_PREFIX}/kind`]}/${l[`${LABEL_PREFIX}/name`]}/${l[`${LABEL_PREFIX}/component`] ?? '?'}` : o.metadata?.name ?? '?';
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${owner}`;
}

/** Parsed paths: rules read a few hundred distinct paths, on every reconcile. */
const PATHS = new Map<string, readonly string[]>();

/** Reads a dotted path (`spec.forProvider.rule[0].x`) of an object. */
export function get(o: unknown, path: string): unknown {
  let segments = PATHS.get(path);
  if (!segments) {
    segments = path.split('.').flatMap((seg) => seg.split(/\[(\d+)\]/).filter(Boolean));
    // Paths come from the rules' code, plus a few built from resource field names: bounded, but cap it anyway.
    if (PATHS.size < 10_000) PATHS.set(path, segments);
  }
  let v: unknown = o;
  for (const k of segments) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** A verdict on one field of one resource: passes when `ok(value)`. */
export function verdict(r: ComposedResource, field: string, ok: (value: unknown) => boolean, message: string): RuleResult {
  const value = get(r.object, field);
  return ok(value) ? { resource: r.ref, passed: true, field, value } : { resource: r.ref, passed: false, field, value, message };
}
