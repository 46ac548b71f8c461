/**
 * The CustomResourceDefinition Crossplane generates for the composite resource (XR) kind of a
 * CompositeResourceDefinition, mirroring crossplane/crossplane internal/xcrd (crd.go ForCompositeResource and
 * genCrdVersion, schemas.go BaseProps, CompositeResourceSpecProps, CompositeResourceStatusProps) of Crossplane v2:
 *
 * - group and names from the XRD (names.categories gains `composite`); scope Namespaced or Cluster as the XRD
 *   says (v2 default Namespaced; v1 XRDs and `LegacyCluster` are cluster scoped with the v1 layout);
 * - per version: served as the XRD says, storage = referenceable;
 * - the root is Crossplane's, not the XRD's: `type: object`, `required: [spec]`, apiVersion, kind, metadata
 *   with `name.maxLength` 63 (or the XRD's own smaller metadata.name.maxLength), spec, status. Only the
 *   description of the XRD's root is kept: anything else at the XRD's root (other properties, root-level
 *   x-kubernetes-validations) is dropped, as Crossplane drops it;
 * - spec: the XRD's spec properties, required, x-kubernetes-preserve-unknown-fields, x-kubernetes-validations,
 *   oneOf and description (anything else on the XRD's spec node, e.g. anyOf or a default, is dropped), plus
 *   Crossplane's fields: under `spec.crossplane` for Namespaced and Cluster XRs (compositionRef,
 *   compositionSelector, compositionRevisionRef, compositionRevisionSelector, compositionUpdatePolicy defaulted
 *   from spec.defaultCompositionUpdatePolicy, resourceRefs — without `namespace` for Namespaced XRs); directly
 *   under spec for LegacyCluster (plus claimRef, writeConnectionSecretToRef);
 * - status: the XRD's status properties, required, x-kubernetes-validations, oneOf, description, plus
 *   `conditions` (a list-map keyed by type) and `crossplane.connectionDetails.lastPublishedTime` (Namespaced,
 *   Cluster) or `connectionDetails` and `claimConditionTypes` (LegacyCluster).
 *
 * Claims (the separate claim CRD of LegacyCluster XRDs) are not generated.
 */
import type { Crd } from '../crds';
import type { JsonSchema } from '../schema';

type Scope = 'Namespaced' | 'Cluster' | 'LegacyCluster';

const nameRef = (): JsonSchema => ({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } });
const labelSelector = (): JsonSchema => ({
  type: 'object', required: ['matchLabels'],
  properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
});

export function compositeResourceSpecProps(scope: Scope, defaultUpdatePolicy?: string): Record<string, JsonSchema> {
  const refProps: Record<string, JsonSchema> = { apiVersion: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } };
  // Namespaced XRs don't get to reference composed resources in other namespaces.
  if (scope !== 'Namespaced') refProps.namespace = { type: 'string' };
  const props: Record<string, JsonSchema> = {
    compositionRef: nameRef(),
    compositionSelector: labelSelector(),
    compositionRevisionRef: nameRef(),
    compositionRevisionSelector: labelSelector(),
    compositionUpdatePolicy: { type: 'string', enum: ['Automatic', 'Manual'], ...(defaultUpdatePolicy ? { default: defaultUpdatePolicy } : {}) },
    resourceRefs: {
      type: 'array',
      items: { type: 'object', properties: refProps, required: ['apiVersion', 'kind'] },
      'x-kubernetes-list-type': 'atomic',
    },
  };
  if (scope === 'LegacyCluster') {
    props.claimRef = {
      type: 'object', required: ['apiVersion', 'kind', 'namespace', 'name'],
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, namespace: { type: 'string' }, name: { type: 'string' } },
    };
    props.writeConnectionSecretToRef = { type: 'object', required: ['name', 'namespace'], properties: { name: { type: 'string' }, namespace: { type: 'string' } } };
    return props;
  }
  return { crossplane: { type: 'object', description: 'Configures how Crossplane will reconcile this composite resource', properties: props } };
}

export function compositeResourceStatusProps(scope: Scope): Record<string, JsonSchema> {
  const props: Record<string, JsonSchema> = {
    conditions: {
      description: 'Conditions of the resource.',
      type: 'array',
      'x-kubernetes-list-map-keys': ['type'],
      'x-kubernetes-list-type': 'map',
      items: {
        type: 'object',
        required: ['lastTransitionTime', 'reason', 'status', 'type'],
        properties: {
          lastTransitionTime: { type: 'string', format: 'date-time' },
          message: { type: 'string' },
          reason: { type: 'string' },
          status: { type: 'string' },
          type: { type: 'string' },
          observedGeneration: { type: 'integer', format: 'int64' },
        },
      },
    },
  };
  const connectionDetails: JsonSchema = { type: 'object', properties: { lastPublishedTime: { type: 'string', format: 'date-time' } } };
  if (scope === 'LegacyCluster') {
    props.connectionDetails = connectionDetails;
    props.claimConditionTypes = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } };
  } else {
    props.crossplane = { type: 'object', description: 'Indicates how Crossplane is reconciling this composite resource', properties: { connectionDetails } };
  }
  return props;
}

/** Copies the listed keys of a schema node that are set. */
function pick(s: JsonSchema | undefined, keys: readonly string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const k of keys) if (s?.[k] !== undefined) out[k] = s[k];
  return out;
}

type Xrd = Record<string, any>;

export function xrdScope(xrd: Xrd): Scope {
  if (xrd.apiVersion === 'apiextensions.crossplane.io/v1') return 'LegacyCluster';
  return (xrd.spec?.scope as Scope | undefined) ?? 'Namespaced';
}

/** The CRD of the XR kind of a CompositeResourceDefinition (apiextensions.crossplane.io/v2, or v1). */
export function xrdToCrd(xrd: Xrd): Crd {
  if (xrd?.kind !== 'CompositeResourceDefinition' || !String(xrd.apiVersion).startsWith('apiextensions.crossplane.io/')) {
    throw new Error(`not a CompositeResourceDefinition: ${xrd?.apiVersion} ${xrd?.kind}`);
  }
  const spec = xrd.spec;
  const scope = xrdScope(xrd);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: xrd.metadata?.name ?? `${spec.names.plural}.${spec.group}` },
    spec: {
      group: spec.group,
      names: { ...spec.names, categories: [...(spec.names.categories ?? []), 'composite'] },
      scope: scope === 'Namespaced' ? 'Namespaced' : 'Cluster',
      versions: (spec.versions as Xrd[]).map((v) => {
        const s = v.schema?.openAPIV3Schema as JsonSchema | undefined;
        if (!s) throw new Error(`XRD ${xrd.metadata?.name} version ${v.name}: custom resource validation cannot be nil`);
        const props = (s.properties ?? {}) as Record<string, JsonSchema>;
        const userNameMax = (props.metadata?.properties as Record<string, JsonSchema> | undefined)?.name?.maxLength as number | undefined;
        const xSpec = props.spec;
        const xStatus = props.status;
        const root: JsonSchema = {
          type: 'object',
          required: ['spec'],
          ...(s.description !== undefined ? { description: s.description } : {}),
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object', properties: { name: { type: 'string', maxLength: Math.min(63, userNameMax ?? 63) } } },
            spec: {
              type: 'object',
              ...pick(xSpec, ['description', 'required', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations', 'oneOf']),
              properties: { ...(xSpec?.properties ?? {}), ...compositeResourceSpecProps(scope, spec.defaultCompositionUpdatePolicy) },
            },
            status: {
              type: 'object',
              ...pick(xStatus, ['description', 'required', 'x-kubernetes-validations', 'oneOf']),
              properties: { ...(xStatus?.properties ?? {}), ...compositeResourceStatusProps(scope) },
            },
          },
        };
        return { name: v.name, served: v.served, storage: v.referenceable ?? false, schema: { openAPIV3Schema: root } };
      }),
    },
  };
}
