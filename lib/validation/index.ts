/**
 * Validates Kubernetes objects the way the API server would before storing them: the OpenAPI schema of their CRD
 * (unknown fields rejected) and its CEL rules. Used by the tests on everything we synthesize and compose.
 * An object whose kind has no schema is an issue, never a silent pass.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { validate as validateObjectMeta } from '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta';
import { validate as validateNamespace } from 'kubernetes-models/_schemas/IoK8sApiCoreV1Namespace';
import { allPinnedCrds, type Crd } from '../crds';
import type { JsonSchema } from '../schema';
import { celIssues } from './cel';
import { toAjvSchema } from './structural';

export { celIssues } from './cel';
export { toAjvSchema } from './structural';

export interface ValidationIssue {
  /** "apiVersion Kind namespace/name" */
  readonly object: string;
  /** Dotted path of the offending field, e.g. spec.forProvider.region. */
  readonly path: string;
  readonly message: string;
}

type KubeObject = Record<string, any>;

/** Fields of ObjectMeta a client may send (the rest are set by the API server). */
const OBJECT_META_FIELDS = new Set(['name', 'generateName', 'namespace', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Core kinds we emit, with the upstream-generated validator (types) and their top-level fields (strictness). */
const CORE: Record<string, { validate: (d: unknown) => boolean; fields: readonly string[] }> = {
  'v1/Namespace': { validate: validateNamespace as never, fields: ['apiVersion', 'kind', 'metadata', 'spec', 'status'] },
};

/** The schema Crossplane adds under spec.crossplane of a namespaced (v2) XR. */
const XR_SPEC_CROSSPLANE: JsonSchema = {
  type: 'object',
  properties: {
    compositionRef: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    compositionSelector: { type: 'object', required: ['matchLabels'], properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
    compositionRevisionRef: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    compositionRevisionSelector: { type: 'object', required: ['matchLabels'], properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
    compositionUpdatePolicy: { type: 'string', enum: ['Automatic', 'Manual'] },
    resourceRefs: {
      type: 'array',
      items: { type: 'object', required: ['apiVersion', 'kind'], properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, namespace: { type: 'string' } } },
    },
  },
};
const XR_STATUS_EXTRAS: Record<string, JsonSchema> = {
  conditions: {
    type: 'array',
    items: {
      type: 'object', required: ['type', 'status', 'reason', 'lastTransitionTime'],
      properties: { type: { type: 'string' }, status: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' }, lastTransitionTime: { type: 'string' }, observedGeneration: { type: 'integer' } },
    },
  },
  crossplane: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
};

/** The CRD schema Crossplane generates for the XR kind of a v2 XRD (one entry per served version). */
export function xrdToCrds(xrd: KubeObject): Crd {
  const spec = xrd.spec;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${spec.names.plural}.${spec.group}` },
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope ?? 'Namespaced',
      versions: spec.versions.map((v: KubeObject) => {
        const root = v.schema.openAPIV3Schema as JsonSchema;
        const props = root.properties ?? {};
        const userSpec = props.spec ?? { type: 'object' };
        const userStatus = props.status ?? { type: 'object' };
        return {
          name: v.name, served: v.served, storage: v.name === spec.versions[0].name,
          schema: {
            openAPIV3Schema: {
              ...root,
              properties: {
                apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
                spec: { ...userSpec, properties: { ...userSpec.properties, crossplane: XR_SPEC_CROSSPLANE } },
                status: { ...userStatus, properties: { ...userStatus.properties, ...XR_STATUS_EXTRAS } },
              },
            },
          },
        };
      }),
    },
  };
}

function pathOf(e: ErrorObject): string {
  const base = e.instancePath.replace(/\/([^/]+)/g, (_m, seg: string) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`)).replace(/^\./, '');
  const extra = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty
    : e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : '';
  return [base, extra].filter(Boolean).join('.') || '<root>';
}
function messageOf(e: ErrorObject): string {
  if (e.keyword === 'required') return 'Required value';
  if (e.keyword === 'additionalProperties') return 'unknown field';
  if (e.keyword === 'type' && !e.message) return `must be ${(e.params as { type: string }).type}`;
  if (e.keyword === 'enum') return `Unsupported value: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x)).join(', ')}`;
  return e.message ?? 'invalid';
}

export class KubeValidator {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly compiled = new Map<string, ValidateFunction>();
  // useDefaults: the API server applies schema defaults before validating, and CEL rules see defaulted values.
  private readonly ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });

  static fromPinnedCrds(): KubeValidator {
    const v = new KubeValidator();
    for (const crd of allPinnedCrds().values()) v.addCrd(crd);
    return v;
  }

  addCrd(crd: Crd): void {
    for (const version of crd.spec.versions) {
      if (!version.served || !version.schema) continue;
      this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, version.schema.openAPIV3Schema as JsonSchema);
    }
  }

  addXrd(xrd: KubeObject): void {
    this.addCrd(xrdToCrds(xrd));
  }

  validate(obj: KubeObject): ValidationIssue[] {
    const id = `${obj.apiVersion} ${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name ?? obj.metadata?.generateName ?? '?'}`;
    const issue = (path: string, message: string): ValidationIssue => ({ object: id, path, message });
    const issues: ValidationIssue[] = [];
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [issue('<root>', 'apiVersion and kind are required')];
    issues.push(...this.metadataIssues(obj.metadata).map((i) => issue(i.path, i.message)));

    const core = CORE[`${obj.apiVersion}/${obj.kind}`];
    if (core) {
      for (const k of Object.keys(obj)) if (!core.fields.includes(k)) issues.push(issue(k, 'unknown field'));
      if (!core.validate(obj)) issues.push(...((core.validate as unknown as { errors: ErrorObject[] }).errors ?? []).map((e) => issue(pathOf(e), messageOf(e))));
      return issues;
    }

    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const key = `${group}/${version}/${obj.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) return [issue('<root>', `no schema for ${obj.apiVersion} ${obj.kind}`)];
    let validate = this.compiled.get(key);
    if (!validate) {
      // metadata is ObjectMeta, checked above; the CRD schema only says `type: object` there.
      const root = toAjvSchema({ ...schema, properties: { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } });
      validate = this.ajv.compile(root);
      this.compiled.set(key, validate);
    }
    const defaulted = structuredClone(obj);
    if (!validate(defaulted)) issues.push(...(validate.errors ?? []).map((e) => issue(pathOf(e), messageOf(e))));
    issues.push(...celIssues(schema, defaulted).map((c) => issue(c.path, c.message)));
    return issues;
  }

  private metadataIssues(meta: unknown): Array<{ path: string; message: string }> {
    if (meta === undefined) return [{ path: 'metadata', message: 'Required value' }];
    const out: Array<{ path: string; message: string }> = [];
    if (!validateObjectMeta(meta)) {
      for (const e of (validateObjectMeta as unknown as { errors: ErrorObject[] }).errors ?? []) out.push({ path: `metadata.${pathOf(e)}`.replace(/\.<root>$/, ''), message: messageOf(e) });
      return out;
    }
    const m = meta as Record<string, any>;
    for (const k of Object.keys(m)) if (!OBJECT_META_FIELDS.has(k)) out.push({ path: `metadata.${k}`, message: 'unknown field' });
    if (m.name === undefined && m.generateName === undefined) out.push({ path: 'metadata.name', message: 'name or generateName is required' });
    if (m.name !== undefined && (m.name.length > 253 || !DNS_SUBDOMAIN.test(m.name))) out.push({ path: 'metadata.name', message: 'must be a lowercase RFC 1123 subdomain' });
    if (m.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(m.namespace)) out.push({ path: 'metadata.namespace', message: 'must be a DNS label' });
    for (const [k, v] of Object.entries((m.labels ?? {}) as Record<string, string>)) {
      const [prefix, name] = k.includes('/') ? k.split('/', 2) : [undefined, k];
      if ((prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) out.push({ path: `metadata.labels[${k}]`, message: 'invalid label key' });
      if (v.length > 63 || !LABEL_VALUE.test(v)) out.push({ path: `metadata.labels[${k}]`, message: `invalid label value ${JSON.stringify(v)}` });
    }
    return out;
  }
}
