/**
 * The contract between a platform API's composer and its two callers: the composition function (at reconcile
 * time) and the synth-time preview. A composer is a pure function of its input; everything it needs from the
 * cluster (observed composed resources, other XRs) arrives in that input, so the preview and the cluster
 * compute the same thing.
 */
import type { Tier } from './common';
import type { JsonSchema } from './schema';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

/** A composite resource (namespaced XR) as the composer sees it: spec already defaulted and validated. */
export interface CompositeResource<P> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly [k: string]: unknown };
  readonly spec: P;
  readonly status?: Record<string, any>;
}

export interface ComposeInput<P> {
  readonly xr: CompositeResource<P>;
  /** Composed resources as they are in the cluster, keyed by composition resource name. */
  readonly observed: Readonly<Record<string, KubeObject>>;
  /** Other resources the composer asked for (see Composition.requirements), keyed by requirement name. */
  readonly required: Readonly<Record<string, readonly KubeObject[]>>;
}

/** A resource the composer needs to read (another XR of the same namespace, for example). */
export interface RequiredResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly matchName: string;
  readonly namespace: string;
}

export interface XrCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message?: string;
}

export interface Composition<S = Record<string, unknown>> {
  /** Desired composed resources keyed by a stable composition resource name. */
  readonly resources: Record<string, KubeObject>;
  /** XR status fields (outputs such as ARNs), read from observed resources; typed by the API's status schema. */
  readonly status: Partial<S>;
  readonly requirements?: Record<string, RequiredResource>;
  readonly conditions?: readonly XrCondition[];
  /** Shown as warning results (events on the XR). */
  readonly warnings?: readonly string[];
}

/** Invalid input: names the offending field (e.g. `spec.bucketName`) so the message says what to change. */
export class InputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
  }
}

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
}

/** Everything that defines one platform API; registered once in compositions/index.ts. */
/**
 * `P`: the parameters (the defaulted spec the composer reads); `S`: the status it reports; `C`: a claim's spec as
 * users write it (defaults may be left out), the type of the examples.
 */
export interface PlatformApi<P = any, S = Record<string, unknown>, C = Partial<P>> {
  readonly kind: string;
  readonly plural: string;
  readonly shortNames: readonly string[];
  /** What the API gives its user: the XRD's description and the first line of `kubectl explain`. */
  readonly description: string;
  /** Schema of `spec` (common parameters included). */
  readonly specSchema: JsonSchema;
  /** Schema of `status` (the outputs the composer writes). */
  readonly statusSchema: JsonSchema;
  /** Extra printer columns besides SYNCED, READY and AGE. */
  readonly printerColumns: readonly PrinterColumn[];
  /**
   * Every managed-resource kind the composer may emit (optional parts included): the activation policy
   * activates exactly these, and a test checks the composer never emits anything else.
   */
  readonly managedResources: readonly ManagedResourceKind[];
  /** Example specs, tested like environments and written to dist/examples/ for users to start from. */
  readonly examples: readonly { readonly name: string; readonly spec: C }[];
  /**
   * Claims the API must refuse, kept beside it, each changing one of its examples in one way: each is refused by
   * the XRD's schema and CEL and by the function (test/validation/bad-claims.test.ts) and by the live API server
   * (test/e2e), naming `field`. Required, and a test requires at least one per API: an API whose refusals are not
   * tested has rules nobody knows hold.
   */
  readonly badClaims: readonly BadClaim[];
  readonly compose: (input: ComposeInput<P>) => Composition<S>;
  /**
   * Defaults a SecureEnvironment applies to this API's members by the environment's tier (a member's own values
   * win; the API's validation keeps prod from being loosened). Typed by the parameters: a misspelt field fails to
   * compile. @default none: the schema's defaults in every tier
   */
  readonly tierDefaults?: { readonly [T in Tier]?: Partial<P> };
  /**
   * The status the XR reports once AWS has created its resources, from the status its composition reports before
   * any provider has (`composed`): the ids and ARNs only AWS assigns, as well-formed stand-ins built from
   * `stand.id` (unique per XR). The synth-time steady state (synth/steady-state.ts) uses it so that the XRs that
   * read this one compose as they will in the cluster. @default the composed status (nothing only AWS assigns)
   */
  readonly readyStatus?: (composed: Partial<S>, stand: ReadyStatusContext) => Partial<S>;
  /**
   * Names of the security features a resource of this API has on (most are not switches: every key rotates, every
   * bucket is TLS-only), for the summary of an environment that holds it (SecureEnvironment status.securityFeatures),
   * so an auditor reads them in one place. @default none
   */
  securityFeatures?(spec: C): readonly string[];
  /**
   * How a SecureEnvironment holds resources of this API: the spec field, one or a list, the nested XRs' name
   * prefix. Declaring it makes the API a member of every environment (compositions/index.ts hands the registry to
   * SecureEnvironment). @default not a member of environments
   */
  readonly environmentMember?: EnvironmentMember;
}

/** A platform API as a member of a SecureEnvironment (see PlatformApi.environmentMember). */
export type EnvironmentMember = {
  /** Field of the SecureEnvironment spec. */
  readonly field: string;
  /** Composed-resource name prefix of the nested XR: `<prefix>-<name>`. */
  readonly prefix: string;
  /** What the member is, for the XRD description. */
  readonly description: string;
  /** Stores data encrypted with one of the environment's customer-managed keys (counted in status.encryptedResources). */
  readonly encryptsData: boolean;
  /**
   * Nested XRs a member of this name composes itself: their names are taken in the namespace too, so the
   * environment refuses a member that would collide with one. @default none
   */
  nestedXrsOf?(name: string): readonly { readonly kind: string; readonly name: string }[];
} & (
  /** A list of nested XRs, each named; at most `maxItems` (keeps the CRD's CEL cost bounded and an environment reviewable). */
  | { readonly cardinality: 'list'; readonly maxItems: number; /** At least one is required. @default false */ readonly required?: boolean }
  /** One nested XR, named `defaultName` unless the member names it. */
  | { readonly cardinality: 'one'; readonly defaultName: string }
);

/** What readyStatus builds stand-in ids and ARNs from. */
export interface ReadyStatusContext {
  readonly region: string;
  readonly accountId: string;
  /** 8 hex digits, the same for the same XR name on every synth. */
  readonly id: string;
}

/** An invalid claim of an API: what is wrong, the whole spec, the field the refusal names, words of its message. */
export interface BadClaim {
  readonly what: string;
  readonly spec: Record<string, unknown>;
  readonly field: string;
  readonly words: string;
}

/** A copy of `spec` without field `key`: a bad claim that leaves out what its example sets. */
export function withoutField(spec: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => k !== key));
}

export interface ManagedResourceKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name, as in the CRD (checked against it by a test). */
  readonly plural: string;
}

/** Reads a field of an observed resource's status.atProvider, if the provider has reported it. */
export function atProvider(o: KubeObject | undefined, field: string): string | undefined {
  const v = o?.status?.atProvider?.[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The status a composer reports, typed by its API's status schema (`Infer<typeof STATUS>`): a field the schema lacks
 * or a value of the wrong type fails to compile. Unknown (undefined) outputs are left out, not written as nulls.
 */
export function reported<S>(status: { readonly [K in keyof S]?: S[K] | undefined }): Partial<S> {
  return defined(status as Record<string, unknown>) as Partial<S>;
}

/** Drops undefined entries so optional outputs do not appear as nulls. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
