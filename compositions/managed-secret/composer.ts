/**
 * ManagedSecret → a Secrets Manager secret (customer-managed key, recovery window), its resource policy (named
 * readers, explicit deny for everyone else, TLS only, public policies blocked), and either its rotation (source
 * Generated: the rotation function creates the first value at once and rotates it every rotationDays) or a
 * version written from a Kubernetes Secret (source KubernetesSecret); plus a Usage that keeps the EncryptionKey
 * from being deleted while the secret exists. No value ever passes through the claim or the composition.
 */
import * as sm from '../../imports/aws-secretsmanager-secretsmanager.aws.m.upbound.io';
import { ProtectionUsage } from '../../imports/crossplane-protection-protection.crossplane.io';
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { atProvider, defined, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { API_GROUP_VERSION } from '../../lib/platform';
import { ENCRYPTION_KEY_LABEL, KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import type { ManagedSecretParameters } from './parameters';
import { secretPolicy } from './secret-policy';

export const KIND = 'ManagedSecret';
const KEY_SERVICE = 'secretsmanager';

export function secretNameOf(xrName: string, p: Pick<ManagedSecretParameters, 'environment' | 'secretName'>): string {
  return p.secretName ?? `${p.environment}/${xrName}`;
}

export function composeManagedSecret({ xr, observed, required }: ComposeInput<ManagedSecretParameters>): Composition {
  const p = xr.spec;
  const name = xr.metadata.name;
  const secretName = secretNameOf(name, p);
  const mr = <F>(forProvider: F) => ({ managementPolicies: managementPolicies<any>(p), providerConfigRef: p.providerConfigRef, forProvider });
  const labels = (component: string) => ({ labels: componentLabels(KIND, name, component) });
  const secretSelector = sameXrSelector('secret');

  const keyObject = required['encryption-key']?.[0];
  const keyArn: string | undefined = keyObject?.status?.keyArn || undefined;

  const resources: Record<string, KubeObject> = {};
  resources.secret = sm.SecretsmanagerSecret.manifest({
    metadata: labels('secret'),
    spec: mr({
      region: p.region,
      name: secretName,
      ...(p.description ? { description: p.description } : {}),
      // The kms Key composed by the referenced EncryptionKey carries this label; the provider resolves it.
      kmsKeyIdSelector: { matchLabels: { [ENCRYPTION_KEY_LABEL]: p.encryptionKeyRef.name } },
      recoveryWindowInDays: p.recoveryWindowInDays,
      tags: awsTags(p),
    }),
  });
  resources['secret-policy'] = sm.SecretsmanagerSecretPolicy.manifest({
    metadata: labels('secret-policy'),
    spec: mr({ region: p.region, secretArnSelector: secretSelector, blockPublicPolicy: true, policy: JSON.stringify(secretPolicy(p)) }),
  });
  if (p.source === 'Generated') {
    resources['secret-rotation'] = sm.SecretsmanagerSecretRotation.manifest({
      metadata: labels('secret-rotation'),
      spec: mr({
        region: p.region,
        secretIdSelector: secretSelector,
        rotationLambdaArn: p.rotationLambdaArn,
        rotationRules: { automaticallyAfterDays: p.rotationDays },
        // The secret starts without a value: the first rotation, at once, creates it.
        rotateImmediately: true,
      }),
    });
  } else {
    resources['secret-version'] = sm.SecretsmanagerSecretVersion.manifest({
      metadata: labels('secret-version'),
      spec: mr({
        region: p.region,
        secretIdSelector: secretSelector,
        // The provider reads the value from this Secret in the namespace of the ManagedSecret.
        secretStringSecretRef: { name: p.valueFrom!.secretName, key: p.valueFrom!.key },
      }),
    });
  }
  resources['encryption-key-usage'] = ProtectionUsage.manifest({
    metadata: labels('encryption-key-usage'),
    spec: {
      of: { apiVersion: API_GROUP_VERSION, kind: ENCRYPTION_KEY_KIND, resourceRef: { name: p.encryptionKeyRef.name } },
      by: { apiVersion: API_GROUP_VERSION, kind: KIND, resourceRef: { name } },
      reason: `ManagedSecret ${name} stores a secret encrypted with this key`,
      replayDeletion: true,
    },
  });

  const conditions: XrCondition[] = [keyArn
    ? { type: 'EncryptionKeyReady', status: 'True', reason: 'Available', message: `The secret is encrypted with ${keyArn}` }
    : { type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey', message: `EncryptionKey ${p.encryptionKeyRef.name} has not reported its key ARN yet` }];
  // Services default to none (the EncryptionKey's schema default), so a key without the field does not admit it.
  const services: unknown = keyObject?.spec?.services ?? [];
  const warnings = keyObject && Array.isArray(services) && !services.includes(KEY_SERVICE)
    ? [`EncryptionKey ${p.encryptionKeyRef.name} does not list ${KEY_SERVICE} in spec.services: Secrets Manager can only use the key through IAM permissions of the caller`]
    : [];

  return {
    resources,
    requirements: {
      'encryption-key': { apiVersion: API_GROUP_VERSION, kind: ENCRYPTION_KEY_KIND, matchName: p.encryptionKeyRef.name, namespace: xr.metadata.namespace },
    },
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: defined({ secretName, secretArn: atProvider(observed.secret, 'arn'), encryptionKeyArn: keyArn }),
  };
}
