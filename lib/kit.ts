/**
 * The composer kit: what every composer did by hand for each managed resource (component labels, the external
 * name, the XR's management policies and provider config) done once, so a composer states only what is particular
 * to each resource, its forProvider. `kit.add('bucket', s3.S3Bucket, { ... })` type-checks the forProvider literal
 * against the generated class's own type (a misspelt or mistyped field fails to compile). `kit.usage` composes the
 * Usage that keeps a platform resource this XR depends on (its EncryptionKey, Network, …) from being deleted first.
 */
import type { ApiObjectMetadata } from 'cdk8s';
import { ProtectionUsage } from '../imports/crossplane-protection-protection.crossplane.io';
import { awsTags, componentLabels, managementPolicies, type CommonParameters } from './common';
import type { CompositeResource, KubeObject } from './composer';
import { API_GROUP_VERSION } from './platform';

/** A generated managed-resource class (imports/): the kit needs only its manifest factory. */
export interface ManagedResourceClass<F> {
  manifest(props: { readonly metadata?: ApiObjectMetadata; readonly spec: { readonly forProvider: F; readonly [k: string]: any } }): any;
}

export interface PartOptions {
  /** `crossplane.io/external-name`: the AWS name or id the resource is created with and found by. */
  readonly externalName?: string;
  /** Labels besides the component labels, e.g. one that other platform APIs select the resource by. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Management policies other than the XR's, for resources that must follow the spec in every tier (access grants
   * that must be revoked when dropped from the spec, even where deletion protection orphans everything else).
   * @default the XR's: full, or no Delete with deletion protection (managementPolicies in lib/common.ts)
   */
  readonly managementPolicies?: readonly string[];
  /**
   * The component label, when several composed resources share one (each API Gateway deployment revision is
   * labelled `deployment`, which the stage selects by, while each has its own composition resource name).
   * @default the component name
   */
  readonly labelledAs?: string;
  /** The Secret, in the XR's namespace, the provider writes the resource's connection details to. @default none */
  readonly writeConnectionSecretToRef?: { readonly name: string };
}

export class ComposerKit<P extends CommonParameters = CommonParameters> {
  /** The composed resources, keyed by component name (the composition resource name). */
  readonly resources: Record<string, KubeObject> = {};
  /** The XR's spec. */
  readonly p: P;
  /** The XR's name. */
  readonly name: string;
  /** The AWS tags of every taggable resource of this XR. */
  readonly tags: Record<string, string>;

  constructor(private readonly kind: string, xr: CompositeResource<P>) {
    this.p = xr.spec;
    this.name = xr.metadata.name;
    this.tags = awsTags(xr.spec);
  }

  /** Metadata of a composed resource: its component labels (selectors find it by them), and its external name. */
  metadata(component: string, options: Pick<PartOptions, 'externalName' | 'labels'> = {}): { labels: Record<string, string>; annotations?: Record<string, string> } {
    return {
      labels: { ...componentLabels(this.kind, this.name, component), ...options.labels },
      ...(options.externalName !== undefined ? { annotations: { 'crossplane.io/external-name': options.externalName } } : {}),
    };
  }

  /** Composes a managed resource of the generated class `api` as component `component`, and returns it. */
  add<F>(component: string, api: ManagedResourceClass<F>, forProvider: NoInfer<F>, options: PartOptions = {}): KubeObject {
    const resource: KubeObject = api.manifest({
      metadata: this.metadata(options.labelledAs ?? component, options),
      spec: {
        managementPolicies: options.managementPolicies ?? managementPolicies<string>(this.p),
        providerConfigRef: this.p.providerConfigRef,
        ...(options.writeConnectionSecretToRef ? { writeConnectionSecretToRef: options.writeConnectionSecretToRef } : {}),
        forProvider,
      },
    });
    this.resources[component] = resource;
    return resource;
  }

  /**
   * Composes, as component `component`, a Usage: the platform resource `of` (an XR of this namespace this XR depends
   * on, such as the EncryptionKey whose key encrypts its resources) cannot be deleted while this XR exists.
   */
  usage(component: string, of: { readonly kind: string; readonly name: string }, reason: string): KubeObject {
    return this.put(component, platformUsage(of, { kind: this.kind, name: this.name }, reason, this.metadata(component)));
  }

  /** Adds an object that is not a provider's managed resource (a Usage, a nested XR) as component `component`. */
  put(component: string, object: KubeObject): KubeObject {
    this.resources[component] = object;
    return object;
  }
}

/** A namespaced Usage: `of` (an XR of this platform) cannot be deleted while `by` (another) exists. */
function platformUsage(of: { kind: string; name: string }, by: { kind: string; name: string }, reason: string, metadata: KubeObject['metadata']): KubeObject {
  return ProtectionUsage.manifest({
    metadata,
    spec: {
      of: { apiVersion: API_GROUP_VERSION, kind: of.kind, resourceRef: { name: of.name } },
      by: { apiVersion: API_GROUP_VERSION, kind: by.kind, resourceRef: { name: by.name } },
      reason,
      // Crossplane deletes `of` again once `by` is gone, if someone tried while it was in use.
      replayDeletion: true,
    },
  });
}
