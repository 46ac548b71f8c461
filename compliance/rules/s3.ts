/**
 * S3 rules: buckets are encrypted with a customer-managed key, versioned, private, ACL-free, reachable only over
 * TLS 1.2+, log their access to a separate bucket, and cannot be force-destroyed.
 *
 * This file also holds what the service rules share: reading IAM policy documents (statements, wildcard
 * matching, public grants, TLS denies) and resolving a managed resource's references (`<field>`, `<field>Ref`,
 * `<field>Selector`) among the resources under evaluation.
 */
import { get, verdict, type ComposedResource, type ResourceSet, type Rule, type RuleResult } from '../rule';

const S3 = 's3.aws.m.upbound.io';
const BUCKET = `${S3}/Bucket`;
const ENCRYPTION = `${S3}/BucketServerSideEncryptionConfiguration`;
const VERSIONING = `${S3}/BucketVersioning`;
const PUBLIC_ACCESS_BLOCK = `${S3}/BucketPublicAccessBlock`;
const OWNERSHIP = `${S3}/BucketOwnershipControls`;
const POLICY = `${S3}/BucketPolicy`;
const LOGGING = `${S3}/BucketLogging`;
const LIFECYCLE = `${S3}/BucketLifecycleConfiguration`;

// ---------------------------------------------------------------------------------------------------------------
// Shared: IAM policy documents
// ---------------------------------------------------------------------------------------------------------------

/** One statement of an IAM policy document (key, bucket, topic or secret policy). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** The statements of a policy document (JSON text or object); undefined when it is not a policy document. */
export function statementsOf(policy: unknown): PolicyStatement[] | undefined {
  let doc: unknown = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return list((doc as { Statement?: unknown }).Statement).filter((s): s is PolicyStatement => !!s && typeof s === 'object');
}

/** Whether an IAM wildcard pattern (`*`, `?`) matches `text` (actions compare case-insensitively). */
export function wildcardMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(text);
}

/** Whether a statement applies to everyone: `Principal: "*"` or `Principal: {"AWS": "*"}`. */
export function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  return !!principal && typeof principal === 'object' && strings((principal as { AWS?: unknown }).AWS).includes('*');
}

/** The service principals a statement names (`Principal: {"Service": …}`). */
export function servicePrincipals(s: PolicyStatement): string[] {
  return s.Principal && typeof s.Principal === 'object' ? strings((s.Principal as { Service?: unknown }).Service) : [];
}

/**
 * Whether a statement covers `action` (e.g. `sns:Publish`, or `s3:*` for "every S3 action"): an Action pattern
 * matches it, or a NotAction excludes nothing of its service.
 */
export function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.NotAction !== undefined) {
    const service = action.split(':')[0].toLowerCase();
    return strings(s.NotAction).every((p) => p !== '*' && !p.toLowerCase().startsWith(`${service}:`));
  }
  return strings(s.Action).some((p) => wildcardMatches(p, action, true));
}

/** Whether a statement's Resource covers `arn` (a NotResource never counts as covering). */
export function coversResource(s: PolicyStatement, arn: string): boolean {
  return s.NotResource === undefined && strings(s.Resource).some((p) => wildcardMatches(p, arn));
}

/** The values a statement's Condition gives `key` (case-insensitive) under any of `operators` (all when absent). */
export function conditionValues(s: PolicyStatement, key: string, operators?: readonly string[]): unknown[] {
  return Object.entries(s.Condition ?? {})
    .filter(([op]) => !operators || operators.includes(op))
    .flatMap(([, block]) => Object.entries(block ?? {}).filter(([k]) => k.toLowerCase() === key.toLowerCase()).flatMap(([, v]) => list(v)));
}

/**
 * Condition keys that pin a grant to known callers, as S3 Block Public Access judges "non-public" (fixed values of
 * these keys), plus KMS's own caller-account key.
 */
const RESTRICTING_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOwner', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceIp', 'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:userid', 'kms:CallerAccount'];

/**
 * Whether a statement grants to everyone without pinning the callers: Effect Allow, Principal "*", and no
 * restricting condition key with fixed (wildcard-free) values.
 */
export function isPublicGrant(s: PolicyStatement): boolean {
  if (s.Effect !== 'Allow' || !isEveryone(s.Principal)) return false;
  return !RESTRICTING_KEYS.some((key) => {
    const values = conditionValues(s, key);
    return values.length > 0 && values.every((v) => typeof v === 'string' && !v.includes('*') && v !== '0.0.0.0/0' && v !== '::/0');
  });
}

/** Whether a statement denies, to everyone, `action` on every one of `resources` when aws:SecureTransport is false. */
export function deniesInsecureTransport(s: PolicyStatement, action: string, resources: readonly string[]): boolean {
  return (
    s.Effect === 'Deny' &&
    isEveryone(s.Principal) &&
    coversAction(s, action) &&
    resources.every((arn) => coversResource(s, arn)) &&
    conditionValues(s, 'aws:SecureTransport', ['Bool', 'BoolIfExists']).some((v) => v === false || v === 'false')
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Shared: references between managed resources
// ---------------------------------------------------------------------------------------------------------------

const EXTERNAL_NAME = 'crossplane.io/external-name';

/** The name a managed resource has in AWS: its external name, else `forProvider.name`, else its object name. */
export function awsNameOf(r: ComposedResource): string | undefined {
  const o = r.object;
  const name = o.metadata?.annotations?.[EXTERNAL_NAME] ?? get(o, 'spec.forProvider.name') ?? o.metadata?.name;
  return typeof name === 'string' ? name : undefined;
}

const sameNamespace = (a: ComposedResource, b: ComposedResource) => (a.object.metadata?.namespace ?? '') === (b.object.metadata?.namespace ?? '');

/** Memo of `referenced`, per resource (resources are stable objects of their set) and `<field>/<kind>`. */
const referencedMemo = new WeakMap<ComposedResource, Map<string, ComposedResource[]>>();
/** Memo of `ofKind`, per set: cross-resource rules look kinds up once per resource. */
const kindMemo = new WeakMap<ResourceSet, Map<string, ComposedResource[]>>();

function ofKind(set: ResourceSet, kind: string): ComposedResource[] {
  let byKind = kindMemo.get(set);
  if (!byKind) kindMemo.set(set, (byKind = new Map()));
  let found = byKind.get(kind);
  if (!found) byKind.set(kind, (found = set.ofKind(kind)));
  return found;
}

/**
 * The resources of `kind` that `spec.forProvider.<field>` of `r` designates: by value (AWS name, or an ARN ending
 * in it), `<field>Ref` (object name) or `<field>Selector` (labels, controller). A namespaced managed resource
 * resolves references in its own namespace only. Empty when the referenced resource is not in the set.
 */
export function referenced(set: ResourceSet, r: ComposedResource, field: string, kind: string): ComposedResource[] {
  let memo = referencedMemo.get(r);
  if (!memo) referencedMemo.set(r, (memo = new Map()));
  const key = `${field}/${kind}`;
  let found = memo.get(key);
  if (!found) memo.set(key, (found = resolve(set, r, field, kind)));
  return found;
}

function resolve(set: ResourceSet, r: ComposedResource, field: string, kind: string): ComposedResource[] {
  const fp = (get(r.object, 'spec.forProvider') ?? {}) as Record<string, unknown>;
  const candidates = ofKind(set, kind).filter((o) => sameNamespace(o, r));
  const value = fp[field];
  if (typeof value === 'string') {
    return candidates.filter((o) => {
      const name = awsNameOf(o);
      return !!name && (value === name || value.endsWith(`:${name}`) || value.endsWith(`/${name}`) || o.object.metadata?.name === value);
    });
  }
  const ref = fp[`${field}Ref`] as { name?: string } | undefined;
  if (ref?.name) return candidates.filter((o) => o.object.metadata?.name === ref.name);
  const selector = fp[`${field}Selector`] as Parameters<ResourceSet['selected']>[1];
  return selector ? set.selected(r, selector, kind).filter((o) => sameNamespace(o, r)) : [];
}

/** The resources of `kind` whose `spec.forProvider.<field>` designates `target`. */
export function referrers(set: ResourceSet, target: ComposedResource, field: string, kind: string, targetKind: string): ComposedResource[] {
  return ofKind(set, kind).filter((o) => referenced(set, o, field, targetKind).includes(target));
}

/** The first of `<base>`, `<base>Ref`, `<base>Selector` that is set (`<base>` when none is). */
export function keyReferenceField(r: ComposedResource, base: string): string {
  return [base, `${base}Ref`, `${base}Selector`].find((f) => get(r.object, f) !== undefined) ?? base;
}

/**
 * Whether a KMS key reference names a customer-managed key: a key id/ARN/alias other than an AWS-managed alias
 * (`alias/aws/<service>`), a Ref with a name, or a Selector with labels or the controller.
 */
export function isCustomerManagedKeyReference(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '' && !/(^|[:/])alias\/aws\//.test(v);
  if (!v || typeof v !== 'object') return false;
  const o = v as { name?: unknown; matchLabels?: Record<string, string>; matchControllerRef?: boolean };
  return (typeof o.name === 'string' && o.name !== '') || Object.keys(o.matchLabels ?? {}).length > 0 || o.matchControllerRef === true;
}

/** Whether the resource is kept in AWS when its claim is deleted: management policies without `*` or `Delete`. */
export function keptOnDelete(r: ComposedResource): boolean {
  const policies = get(r.object, 'spec.managementPolicies');
  return Array.isArray(policies) && !policies.includes('*') && !policies.includes('Delete');
}

// ---------------------------------------------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------------------------------------------

const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
const POLICY_FIELD = 'spec.forProvider.policy';
const SSE_DEFAULT = 'spec.forProvider.rule[0].applyServerSideEncryptionByDefault';
const LOG_DELIVERY = 'logging.s3.amazonaws.com';

/** The AWS names of the buckets a bucket configuration applies to (resolved in the set, else its `bucket` value). */
function bucketNamesOf(set: ResourceSet, config: ComposedResource): string[] {
  const resolved = referenced(set, config, 'bucket', BUCKET).map(awsNameOf).filter((n): n is string => !!n);
  const direct = get(config.object, 'spec.forProvider.bucket');
  return [...new Set(resolved.length ? resolved : typeof direct === 'string' ? [direct] : [])];
}

/**
 * Whether a bucket receives S3 server access logs: a BucketLogging in the set targets it, or one of its policies
 * admits the log delivery service.
 */
function isAccessLogTarget(set: ResourceSet, bucket: ComposedResource): boolean {
  if (referrers(set, bucket, 'targetBucket', LOGGING, BUCKET).length > 0) return true;
  return referrers(set, bucket, 'bucket', POLICY, BUCKET).some((p) =>
    (statementsOf(get(p.object, POLICY_FIELD)) ?? []).some((s) => s.Effect === 'Allow' && servicePrincipals(s).includes(LOG_DELIVERY)),
  );
}

/** Whether the set holds an SSE-KMS default encryption for the bucket. */
function isSseKmsBucket(set: ResourceSet, bucket: ComposedResource): boolean {
  return referrers(set, bucket, 'bucket', ENCRYPTION, BUCKET).some((c) => String(get(c.object, `${SSE_DEFAULT}.sseAlgorithm`)).startsWith('aws:kms'));
}

/** Whether default encryption is SSE-KMS (or DSSE-KMS) with a customer-managed key. */
function isCmkDefaultEncryption(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  if (d.sseAlgorithm !== 'aws:kms' && d.sseAlgorithm !== 'aws:kms:dsse') return false;
  return [d.kmsMasterKeyId, d.kmsMasterKeyIdRef, d.kmsMasterKeyIdSelector].some(isCustomerManagedKeyReference);
}

/**
 * Verdicts on every bucket policy whose bucket is known: `judge(statements, bucket names, policy)` returns what is
 * missing, undefined when nothing is, or null when the rule does not apply to this policy.
 */
function onBucketPolicies(set: ResourceSet, judge: (statements: PolicyStatement[], names: string[], policy: ComposedResource) => string | undefined | null): RuleResult[] {
  return set.ofKind(POLICY).flatMap((p) => {
    const names = bucketNamesOf(set, p);
    if (!names.length) return [];
    const statements = statementsOf(get(p.object, POLICY_FIELD));
    const problem = statements ? judge(statements, names, p) : 'the policy is not a JSON policy document';
    return problem === null ? [] : [verdict(p, POLICY_FIELD, () => !problem, problem ?? '')];
  });
}

const bucketAndObjects = (names: readonly string[]) => names.flatMap((n) => [bucketArn(n), `${bucketArn(n)}/*`]);

/** Whether a lifecycle rule applies to the whole bucket (no filter, or an empty prefix and nothing else). */
function wholeBucket(rule: Record<string, unknown>): boolean {
  if (typeof rule.prefix === 'string' && rule.prefix !== '') return false;
  const filters = list(rule.filter) as Array<Record<string, unknown>>;
  return filters.every((f) => Object.entries(f ?? {}).every(([k, v]) => (k === 'prefix' ? v === '' : v === undefined || (Array.isArray(v) && v.length === 0))));
}

export const S3_RULES: readonly Rule[] = [
  {
    id: 'SB-S3-1',
    title: 'S3 buckets are encrypted by default with a customer-managed KMS key (server access log targets: SSE-S3)',
    severity: 'high',
    rationale:
      'SSE-KMS with a customer-managed key puts every read behind a key policy the account controls and records each use in CloudTrail. ' +
      'Server access log delivery cannot write to an SSE-KMS bucket, so a bucket receiving server access logs must use SSE-S3 (or its logs are lost).',
    reads: [ENCRYPTION, BUCKET, LOGGING, POLICY],
    mappings: { nist80053: ['SC-12', 'SC-28'], pciDss: ['3.5.1'], soc2: ['CC6.1'], checkov: ['CKV_AWS_145'], awsConfig: 'S3_DEFAULT_ENCRYPTION_KMS' },
    check: (set) =>
      set.ofKind(ENCRYPTION).flatMap((c) => {
        const buckets = referenced(set, c, 'bucket', BUCKET);
        const cmk = isCmkDefaultEncryption(get(c.object, SSE_DEFAULT));
        // SSE-S3 is right only for a log target: without the bucket in the set that cannot be told, so no verdict.
        if (!buckets.length) return cmk ? [verdict(c, SSE_DEFAULT, () => true, '')] : [];
        if (buckets.some((b) => isAccessLogTarget(set, b))) {
          return [verdict(c, `${SSE_DEFAULT}.sseAlgorithm`, (v) => v === 'AES256', 'this bucket receives S3 server access logs, which are only delivered to SSE-S3 buckets: set sseAlgorithm: AES256')];
        }
        return [verdict(c, SSE_DEFAULT, isCmkDefaultEncryption, 'set sseAlgorithm: aws:kms with kmsMasterKeyId naming the ARN of a customer-managed key, not alias/aws/s3; only server access log targets use SSE-S3')];
      }),
  },
  {
    id: 'SB-S3-2',
    title: 'SSE-KMS buckets use an S3 Bucket Key',
    severity: 'low',
    rationale: 'A bucket key derives object data keys inside S3, so SSE-KMS does not call KMS for every object: KMS request quotas and cost stay bounded as the bucket grows.',
    reads: [ENCRYPTION],
    // Key management: the data keys S3 derives stay under the customer-managed key with fewer KMS calls.
    mappings: { nist80053: ['SC-12'] },
    check: (set) =>
      set
        .ofKind(ENCRYPTION)
        .filter((c) => String(get(c.object, `${SSE_DEFAULT}.sseAlgorithm`)).startsWith('aws:kms'))
        .map((c) => verdict(c, 'spec.forProvider.rule[0].bucketKeyEnabled', (v) => v === true, 'set bucketKeyEnabled: true next to the SSE-KMS default encryption')),
  },
  {
    id: 'SB-S3-3',
    title: 'S3 bucket versioning is enabled',
    severity: 'medium',
    rationale: 'Versioning keeps overwritten and deleted objects recoverable, against mistakes and ransomware that overwrites data.',
    reads: [VERSIONING],
    mappings: { nist80053: ['CP-9', 'CP-10'], soc2: ['A1.2'], checkov: ['CKV_AWS_21'], awsConfig: 'S3_BUCKET_VERSIONING_ENABLED' },
    check: (set) => set.ofKind(VERSIONING).map((v) => verdict(v, 'spec.forProvider.versioningConfiguration.status', (s) => s === 'Enabled', 'set versioningConfiguration.status: Enabled')),
  },
  {
    id: 'SB-S3-4',
    title: 'S3 Block Public Access is on for the bucket (all four settings)',
    severity: 'critical',
    rationale: 'With all four settings on, neither an ACL nor a bucket policy can make the bucket or its objects public, whatever is granted later.',
    reads: [PUBLIC_ACCESS_BLOCK],
    mappings: {
      cis: ['2.1.4'],
      nist80053: ['AC-3', 'AC-6', 'SC-7'],
      pciDss: ['1.4.4'],
      soc2: ['CC6.1'],
      cdkNag: ['AwsSolutions-S2'],
      checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
      awsConfig: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
    },
    check: (set) =>
      set
        .ofKind(PUBLIC_ACCESS_BLOCK)
        .flatMap((b) => ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].map((f) => verdict(b, `spec.forProvider.${f}`, (v) => v === true, `set ${f}: true (all four Block Public Access settings)`))),
  },
  {
    id: 'SB-S3-5',
    title: 'S3 object ownership is BucketOwnerEnforced (ACLs disabled)',
    severity: 'medium',
    rationale: 'With ACLs disabled the bucket owner owns every object and only policies grant access, so no object ACL can share data outside them.',
    reads: [OWNERSHIP],
    mappings: { nist80053: ['AC-3', 'AC-6'], soc2: ['CC6.1'], checkov: ['CKV2_AWS_65'], awsConfig: 'S3_BUCKET_ACL_PROHIBITED' },
    check: (set) => set.ofKind(OWNERSHIP).map((o) => verdict(o, 'spec.forProvider.rule.objectOwnership', (v) => v === 'BucketOwnerEnforced', 'set rule.objectOwnership: BucketOwnerEnforced')),
  },
  {
    id: 'SB-S3-6',
    title: "A bucket's policy denies requests without TLS to the bucket and its objects",
    severity: 'high',
    rationale: 'A Deny on aws:SecureTransport = false refuses plain-HTTP requests to the bucket and every object, whoever sends them and whatever else allows them.',
    reads: [POLICY, BUCKET],
    mappings: { cis: ['2.1.1'], nist80053: ['SC-8'], pciDss: ['4.2.1'], soc2: ['CC6.7'], cdkNag: ['AwsSolutions-S10'], awsConfig: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
    check: (set) =>
      onBucketPolicies(set, (statements, names) => {
        const arns = bucketAndObjects(names);
        return statements.some((s) => deniesInsecureTransport(s, 's3:*', arns))
          ? undefined
          : `add a statement denying s3:* to Principal "*" on ${arns.join(' and ')} with Condition Bool aws:SecureTransport "false"`;
      }),
  },
  {
    id: 'SB-S3-7',
    title: "A bucket's policy denies TLS versions older than 1.2",
    severity: 'medium',
    rationale: 'TLS 1.0 and 1.1 have known weaknesses; a Deny on s3:TlsVersion < 1.2 keeps clients that still offer them out.',
    reads: [POLICY, BUCKET],
    mappings: { nist80053: ['SC-8', 'SC-13'], pciDss: ['4.2.1'], soc2: ['CC6.7'] },
    check: (set) =>
      onBucketPolicies(set, (statements, names) => {
        const arns = bucketAndObjects(names);
        const ok = statements.some(
          (s) =>
            s.Effect === 'Deny' &&
            isEveryone(s.Principal) &&
            coversAction(s, 's3:*') &&
            arns.every((a) => coversResource(s, a)) &&
            conditionValues(s, 's3:TlsVersion', ['NumericLessThan']).some((v) => Number(v) >= 1.2),
        );
        return ok ? undefined : `add a statement denying s3:* to Principal "*" on ${arns.join(' and ')} with Condition NumericLessThan s3:TlsVersion 1.2`;
      }),
  },
  {
    id: 'SB-S3-8',
    title: "An SSE-KMS bucket's policy denies uploads asking for any other encryption",
    severity: 'medium',
    rationale: 'Default encryption only applies when a request names none: a Deny on x-amz-server-side-encryption other than aws:kms keeps clients from storing objects under SSE-S3 instead of the customer-managed key.',
    reads: [POLICY, BUCKET, ENCRYPTION],
    mappings: { nist80053: ['SC-28'], pciDss: ['3.5.1'], soc2: ['CC6.1'] },
    check: (set) =>
      onBucketPolicies(set, (statements, names, p) => {
        // Judged only where the bucket's SSE-KMS default encryption is in the set.
        if (!referenced(set, p, 'bucket', BUCKET).some((b) => isSseKmsBucket(set, b))) return null;
        const objects = names.map((n) => `${bucketArn(n)}/*`);
        const ok = statements.some((s) => {
          if (s.Effect !== 'Deny' || !isEveryone(s.Principal) || !coversAction(s, 's3:PutObject') || !objects.every((a) => coversResource(s, a))) return false;
          const allowed = conditionValues(s, 's3:x-amz-server-side-encryption', ['StringNotEquals', 'StringNotEqualsIfExists']);
          return allowed.length > 0 && allowed.every((v) => v === 'aws:kms' || v === 'aws:kms:dsse');
        });
        return ok ? undefined : `add a statement denying s3:PutObject to Principal "*" on ${objects.join(' and ')} with Condition StringNotEqualsIfExists s3:x-amz-server-side-encryption "aws:kms"`;
      }),
  },
  {
    id: 'SB-S3-9',
    title: 'S3 server access logs are delivered to a separate bucket',
    severity: 'medium',
    rationale: 'Server access logs record every request to the bucket for investigations; written into the bucket itself they would log their own delivery without end and share its lifecycle and access.',
    reads: [LOGGING, BUCKET],
    mappings: { nist80053: ['AU-2', 'AU-12'], pciDss: ['10.2.1'], soc2: ['CC7.2'], cdkNag: ['AwsSolutions-S1'], checkov: ['CKV_AWS_18'], awsConfig: 'S3_BUCKET_LOGGING_ENABLED' },
    check: (set) =>
      set.ofKind(LOGGING).flatMap((l) => {
        const sources = referenced(set, l, 'bucket', BUCKET);
        const targets = referenced(set, l, 'targetBucket', BUCKET);
        const field = keyReferenceField(l, 'spec.forProvider.targetBucket');
        if (!sources.length || !targets.length) return [];
        const sourceNames = sources.map(awsNameOf);
        const separate = targets.every((t) => !sources.includes(t) && !sourceNames.includes(awsNameOf(t)));
        return [verdict(l, field, () => separate, 'deliver the access logs to a dedicated log bucket, not to the logged bucket itself')];
      }),
  },
  {
    id: 'SB-S3-10',
    title: 'An access-log bucket admits log delivery only for the bucket it logs (aws:SourceArn and aws:SourceAccount)',
    severity: 'medium',
    rationale:
      'The log delivery service writes with its own principal: without aws:SourceArn and aws:SourceAccount any bucket, of any account, could have its logs delivered here (confused deputy), mixing or flooding the audit record.',
    reads: [LOGGING, BUCKET, POLICY],
    mappings: { nist80053: ['AC-3', 'AU-9'], soc2: ['CC6.1'] },
    check: (set) =>
      set.ofKind(LOGGING).flatMap((l) => {
        const sourceArns = referenced(set, l, 'bucket', BUCKET).map(awsNameOf).filter((n): n is string => !!n).map(bucketArn);
        if (!sourceArns.length) return [];
        return referenced(set, l, 'targetBucket', BUCKET)
          .flatMap((t) => referrers(set, t, 'bucket', POLICY, BUCKET))
          .map((p) => {
            const grants = (statementsOf(get(p.object, POLICY_FIELD)) ?? []).filter((s) => s.Effect === 'Allow' && servicePrincipals(s).includes(LOG_DELIVERY));
            const scoped = (s: PolicyStatement) => {
              const arns = conditionValues(s, 'aws:SourceArn');
              return arns.length > 0 && arns.every((a) => typeof a === 'string' && sourceArns.includes(a)) && conditionValues(s, 'aws:SourceAccount').length > 0;
            };
            const ok = grants.length > 0 && grants.every(scoped);
            return verdict(p, POLICY_FIELD, () => ok, `allow s3:PutObject to Service ${LOG_DELIVERY} only with Condition aws:SourceArn ${sourceArns.join(', ')} and aws:SourceAccount (the logged bucket's account)`);
          });
      }),
  },
  {
    id: 'SB-S3-11',
    title: "A bucket's policy never grants to everyone without pinning the caller",
    severity: 'critical',
    rationale: 'An Allow to Principal "*" without a fixed aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID (or similar) condition makes the bucket public.',
    reads: [POLICY, BUCKET],
    mappings: { nist80053: ['AC-3', 'AC-6'], pciDss: ['1.4.4'], soc2: ['CC6.1'], checkov: ['CKV_AWS_70'] },
    check: (set) =>
      set.ofKind(POLICY).map((p) => {
        const statements = statementsOf(get(p.object, POLICY_FIELD));
        const open = (statements ?? []).filter(isPublicGrant).map((s) => s.Sid ?? '(no Sid)');
        return verdict(p, POLICY_FIELD, () => !!statements && !open.length, statements ? `statement ${open.join(', ')} allows Principal "*": name the principals or add a fixed aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID condition` : 'the policy is not a JSON policy document');
      }),
  },
  {
    id: 'SB-S3-12',
    title: 'S3 lifecycle configurations abort incomplete multipart uploads',
    severity: 'low',
    rationale: 'Parts of abandoned multipart uploads are stored (and billed) but invisible in listings, so they escape retention and deletion reviews until a lifecycle rule aborts them.',
    reads: [LIFECYCLE],
    // Uploaded parts nobody completes are data nobody manages: disposed of, not kept.
    mappings: { nist80053: ['SI-12'], soc2: ['C1.2'], checkov: ['CKV_AWS_300'] },
    check: (set) =>
      set.ofKind(LIFECYCLE).map((l) =>
        verdict(
          l,
          'spec.forProvider.rule',
          (rules) =>
            list(rules).some((r) => {
              const rule = (r ?? {}) as Record<string, unknown>;
              const days = get(rule, 'abortIncompleteMultipartUpload[0].daysAfterInitiation') ?? get(rule, 'abortIncompleteMultipartUpload.daysAfterInitiation');
              return rule.status === 'Enabled' && typeof days === 'number' && days >= 1 && wholeBucket(rule);
            }),
          'add an Enabled rule for the whole bucket (filter prefix "") with abortIncompleteMultipartUpload.daysAfterInitiation (e.g. 7)',
        ),
      ),
  },
  {
    id: 'SB-S3-13',
    title: 'S3 buckets are never force-destroyed',
    severity: 'high',
    rationale: 'forceDestroy deletes every object and version when the bucket is deleted, bypassing versioning; a deleted claim must never take the data with it.',
    reads: [BUCKET],
    mappings: { nist80053: ['CP-9', 'SI-12'], soc2: ['A1.2'] },
    check: (set) => set.ofKind(BUCKET).map((b) => verdict(b, 'spec.forProvider.forceDestroy', (v) => v !== true, 'remove forceDestroy (or set it to false): empty a bucket deliberately, not as a side effect of deleting it')),
  },
];

