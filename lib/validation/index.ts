/**
 * Validates Kubernetes objects the way the API server would before storing them. Used by the tests on
 * everything we synthesize and compose.
 *
 * - Custom resources (pinned CRDs, added CRDs, XRs of added XRDs): the version's OpenAPI v3 structural schema
 *   with unknown fields rejected (structural.ts), schema defaults applied first (as the API server does, so
 *   CEL rules see defaulted values), list-map key uniqueness, then the CEL `x-kubernetes-validations` (cel.ts).
 *   As in the API server, CEL rules are not evaluated when the schema check found a type, required, enum or
 *   size error (one issue says so). Metadata is ObjectMeta (metadata.ts), names DNS subdomains.
 * - Built-in kinds (core.ts): kubernetes-models' generated validators plus unknown-field detection.
 * - Anything else: one issue, "no schema for ...": never a silent pass.
 *
 * Schemas are compiled lazily, once per apiVersion/kind, and cached.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Crd } from '../crds';
import type { JsonSchema } from '../schema';
import { celIssues } from './cel';
import { coreIssues, CORE_KINDS } from './core';
import { ajvIssue } from './errors';
import { metadataIssues } from './metadata';
import { pinnedCrdSources, type CrdSource } from './pinned';
import { addKubernetesFormats, listIssues, re2Engine, toAjvSchema } from './structural';
import { pathOf } from './walk';
import { xrdToCrd } from './xrd';

export { celIssues, celProgram, celSyntaxIssues, toCel } from './cel';
export { xrdToCrd } from './xrd';

export interface ValidationIssue {
  /** "apiVersion Kind namespace/name", e.g. "kms.aws.m.upbound.io/v1beta1 Key team-a/orders". */
  readonly object: string;
  /** Field path of the offending field, e.g. spec.forProvider.region, spec.rules[0], metadata.labels[app]; `<root>` for the object. */
  readonly path: string;
  readonly message: string;
}

interface CompiledKind {
  /** The version's schema, with the root's metadata opened up (ObjectMeta is checked on its own). */
  readonly schema: JsonSchema;
  readonly validate?: ValidateFunction;
  /** Set when the schema could not be compiled: reported for every object of the kind. */
  readonly error?: string;
}

/**
 * As the API server's hasBlockingErr (apiextensions-apiserver customresource strategy.go): after a type,
 * required, enum (NotSupported), maxLength (TooLong) or maxItems/maxProperties (TooMany) error, CEL rules are
 * not evaluated; one issue says so.
 */
const BLOCKING = new Set(['type', 'enum', 'const', 'required', 'maxLength', 'maxItems', 'maxProperties']);
export const CEL_SKIPPED_MESSAGE = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function objectId(obj: Record<string, any>): string {
  const m = obj.metadata ?? {};
  const name = m.name ?? (m.generateName ? `${m.generateName}*` : '?');
  return `${obj.apiVersion} ${obj.kind} ${m.namespace ? `${m.namespace}/` : ''}${name}`;
}

export class KubeValidator {
  private readonly crds = new Map<string, Crd | CrdSource>();
  private readonly compiled = new Map<string, CompiledKind>();
  // useDefaults: the API server applies schema defaults before validating, and CEL rules see defaulted values.
  private readonly ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, code: { regExp: re2Engine } });

  constructor() {
    addKubernetesFormats(this.ajv);
  }

  /** Every pinned CRD (lib/crds.ts: each file's sha256 is checked now; each CRD is parsed when first needed). */
  static fromPinnedCrds(): KubeValidator {
    const v = new KubeValidator();
    for (const [key, source] of pinnedCrdSources()) v.crds.set(key, source);
    return v;
  }

  static fromCrds(crds: Iterable<Crd>): KubeValidator {
    const v = new KubeValidator();
    for (const crd of crds) v.addCrd(crd);
    return v;
  }

  /** Adds (or replaces) the CRD of `group/Kind`. */
  addCrd(crd: Crd): void {
    const key = `${crd.spec.group}/${crd.spec.names.kind}`;
    this.crds.set(key, crd);
    for (const k of this.compiled.keys()) if (k.startsWith(`${crd.spec.group}/`) && k.endsWith(`/${crd.spec.names.kind}`)) this.compiled.delete(k);
  }

  /**
   * Adds a Crossplane CompositeResourceDefinition (apiextensions.crossplane.io/v2; v1 too): its XR kind is
   * validated with the CRD Crossplane would generate (see xrd.ts).
   */
  addXrd(xrd: Record<string, unknown>): void {
    this.addCrd(xrdToCrd(xrd));
  }

  /** Whether objects of this apiVersion and kind can be validated. */
  hasSchema(apiVersion: string, kind: string): boolean {
    return CORE_KINDS[`${apiVersion}/${kind}`] !== undefined || this.versionSchema(apiVersion, kind) !== undefined;
  }

  /** The CRD of `group/Kind`, if known. */
  crd(group: string, kind: string): Crd | undefined {
    const c = this.crds.get(`${group}/${kind}`);
    return typeof c === 'function' ? c() : c;
  }

  private versionSchema(apiVersion: string, kind: string): JsonSchema | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    const crd = this.crd(group, kind);
    const v = crd?.spec.versions.find((x) => x.name === version);
    return v?.served ? (v.schema?.openAPIV3Schema as JsonSchema | undefined) : undefined;
  }

  private compiledKind(apiVersion: string, kind: string): CompiledKind | undefined {
    const key = `${apiVersion}/${kind}`;
    let c = this.compiled.get(key);
    if (c) return c;
    const raw = this.versionSchema(apiVersion, kind);
    if (!raw) return undefined;
    const props = (raw.properties ?? {}) as Record<string, JsonSchema>;
    // metadata is ObjectMeta, checked by metadataIssues; the CRD schema only says `type: object` there, or adds
    // constraints on name/generateName (XRs: name.maxLength), which are kept.
    const schema: JsonSchema = {
      ...raw,
      properties: {
        ...props,
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { ...(props.metadata ?? {}), type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    };
    try {
      c = { schema, validate: this.ajv.compile(toAjvSchema(schema, { formats: 'kubernetes' })) };
    } catch (e) {
      c = { schema, error: (e as Error).message };
    }
    this.compiled.set(key, c);
    return c;
  }

  /** All problems with one object; [] when it is valid. */
  validate(obj: object): ValidationIssue[] {
    const o = obj as Record<string, any>;
    const id = objectId(o);
    const issue = (p: { path: string; message: string }): ValidationIssue => ({ object: id, path: p.path, message: p.message });
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !o.apiVersion || !o.kind) {
      return [issue({ path: '<root>', message: 'apiVersion and kind are required' })];
    }

    const core = coreIssues(o);
    if (core) return dedupe(core.map(issue));

    const kind = this.compiledKind(o.apiVersion, o.kind);
    if (!kind) {
      const [group] = o.apiVersion.includes('/') ? o.apiVersion.split('/', 2) : [''];
      const crd = this.crd(group, o.kind);
      const served = crd?.spec.versions.filter((v) => v.served).map((v) => `${group}/${v.name}`).join(', ');
      return [issue({ path: '<root>', message: `no schema for ${o.apiVersion} ${o.kind}${crd ? ` (served versions: ${served || 'none'})` : ''}` })];
    }
    if (kind.error) return [issue({ path: '<root>', message: `the schema of ${o.apiVersion} ${o.kind} could not be compiled: ${kind.error}` })];

    const issues: ValidationIssue[] = metadataIssues(o.metadata).map(issue);
    const defaulted = structuredClone(o);
    const errors: ErrorObject[] = kind.validate!(defaulted) ? [] : (kind.validate!.errors ?? []);
    const render = (segments: readonly string[]) => pathOf(kind.schema, segments, defaulted);
    const schemaErrors = errors.filter((e) => !e.instancePath.startsWith('/metadata') || /^\/metadata\/(name|generateName)(\/|$)/.test(e.instancePath));
    issues.push(...schemaErrors.map((e) => issue(ajvIssue(e, '', render))));
    issues.push(...listIssues(kind.schema, defaulted).map(issue));
    if (schemaErrors.some((e) => BLOCKING.has(e.keyword))) {
      issues.push(issue({ path: '<root>', message: CEL_SKIPPED_MESSAGE }));
    } else {
      issues.push(...celIssues(kind.schema, defaulted, '', { root: true }).map(issue));
    }
    return dedupe(issues);
  }

  /** validate() over many objects, flattened. */
  validateAll(objects: Iterable<object>): ValidationIssue[] {
    const out: ValidationIssue[] = [];
    for (const o of objects) out.push(...this.validate(o));
    return out;
  }
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
