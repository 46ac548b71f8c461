/**
 * What every API that encrypts with an EncryptionKey does about it, in one place: ask Crossplane for the
 * EncryptionKey XR (requirement), read its key ARN, warn when the key's policy does not admit the API's service,
 * report an EncryptionKeyReady condition. (The Usage that keeps the key from being deleted while in use is
 * `kit.usage`, lib/kit.ts.)
 */
import type { KubeObject, RequiredResource, XrCondition } from '../../lib/composer';
import { API_GROUP_VERSION } from '../../lib/platform';
import { KIND as ENCRYPTION_KEY_KIND } from './composer';
import type { KeyService } from './parameters';

export const ENCRYPTION_KEY_REQUIREMENT = 'encryption-key';

export interface KeyDependency {
  /** The EncryptionKey XR, once Crossplane has handed it over. */
  readonly key: KubeObject | undefined;
  /** The KMS key ARN, once the EncryptionKey reports it. */
  readonly keyArn: string | undefined;
  readonly requirements: Record<string, RequiredResource>;
  /** A warning when the key's policy does not admit `service` (the API then works only through callers' IAM). */
  readonly warnings: string[];
  /** EncryptionKeyReady: True with `readyMessage`, or False while the ARN is unknown (with `waitingSuffix` appended). */
  condition(readyMessage: string, waitingSuffix?: string): XrCondition;
  /**
   * The key ARN to write into the KMS key field `field` (a dotted path under spec.forProvider, numbers index lists)
   * of a composed resource, which is composed only once this is known; `observed` is that resource as observed.
   * See {@link composedKeyArn}.
   */
  arnFor(observed: KubeObject | undefined, field: string): string | undefined;
}

/**
 * The ARN a key-backed resource is composed with: the EncryptionKey's, or, once the resource exists, the one it was
 * composed with (so a momentarily incomplete EncryptionKey status never drops the resource from the composition,
 * which would delete it).
 *
 * Why the ARN and never a key selector: provider-aws v2.5.0 (apis/namespaced/<group>/v1beta1/
 * zz_generated.resolvers.go) resolves the key selectors of several fields to the key's ID, not its ARN: to the kms
 * Key's external name (the key id) for cloudtrail Trail kmsKeyId, secretsmanager Secret kmsKeyId, lambda Function
 * kmsKeyArn and rds ClusterInstance performanceInsightsKmsKeyId, and to its key_id for the rds Cluster's
 * masterUserSecretKmsKeyId. AWS accepts the ID and answers with the ARN, so the provider finds a difference on every
 * poll (the AWS-level run showed it on the dev trail). Other selectors resolve to the ARN (rds Cluster kmsKeyId, the
 * fix of crossplane-contrib/provider-upjet-aws#892 and #1523; cloudwatchlogs Group; s3 encryption rules), and some
 * kinds have no selector at all in some versions (dynamodb Table's kmsKeyArnSelector is v2.6.0+ only): the ARN is
 * the one form every field of every version takes the same way. ID_RESOLVED_KEY_SELECTORS in
 * compliance/rules/crosscutting.ts fails the selectors that resolve to the ID (SB-CROSS-1).
 */
export function composedKeyArn(keyArn: string | undefined, observed: KubeObject | undefined, field: string): string | undefined {
  if (keyArn) return keyArn;
  let v: unknown = observed?.spec?.forProvider;
  for (const step of field.split('.')) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[step];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function encryptionKeyDependency(
  keyName: string,
  namespace: string,
  required: Readonly<Record<string, readonly KubeObject[]>>,
  service?: { readonly name: KeyService; readonly what: string },
): KeyDependency {
  const key = required[ENCRYPTION_KEY_REQUIREMENT]?.[0];
  const keyArn: string | undefined = key?.status?.keyArn || undefined;
  // Services default to none (the EncryptionKey's schema default), so a key without the field admits none.
  const services: unknown = key?.spec?.services ?? [];
  const warnings = service && key && Array.isArray(services) && !services.includes(service.name)
    ? [`EncryptionKey ${keyName} does not list ${service.name} in spec.services: ${service.what} can only use the key through IAM permissions of the caller`]
    : [];
  return {
    key,
    keyArn,
    requirements: { [ENCRYPTION_KEY_REQUIREMENT]: { apiVersion: API_GROUP_VERSION, kind: ENCRYPTION_KEY_KIND, matchName: keyName, namespace } },
    warnings,
    condition: (readyMessage, waitingSuffix) => (keyArn
      ? { type: 'EncryptionKeyReady', status: 'True', reason: 'Available', message: readyMessage }
      : { type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey', message: `EncryptionKey ${keyName} has not reported its key ARN yet${waitingSuffix ?? ''}` }),
    arnFor: (observed, field) => composedKeyArn(keyArn, observed, field),
  };
}
