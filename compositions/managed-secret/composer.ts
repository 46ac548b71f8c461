/**
 * ManagedSecret → a Secrets Manager secret (customer-managed key, recovery window), its resource policy (named
 * readers, explicit deny for everyone else, TLS only, public policies blocked), and either its rotation (source
 * Generated: the rotation function creates the first value at once and rotates it every rotationDays) or a
 * version written from a Kubernetes Secret (source KubernetesSecret); plus a Usage that keeps the EncryptionKey
 * from being deleted while the secret exists. No value ever passes through the claim or the composition.
 */
import * as sm from '../../imports/aws-secretsmanager-secretsmanager.aws.m.upbound.io';
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { atProvider, reported, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, platformUsage } from '../encryption-key/dependency';
import type { ManagedSecretParameters, ManagedSecretStatus } from './parameters';
import { secretPolicy } from './secret-policy';

export const KIND = 'ManagedSecret';

export function secretNameOf(xrName: string, p: Pick<ManagedSecretParameters, 'environment' | 'secretName'>): string {
  return p.secretName ?? `${p.environment}/${xrName}`;
}

export function composeManagedSecret({ xr, observed, required }: ComposeInput<ManagedSecretParameters>): Composition<ManagedSecretStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const secretName = secretNameOf(name, p);
  const mr = <F>(forProvider: F) => ({ managementPolicies: managementPolicies<any>(p), providerConfigRef: p.providerConfigRef, forProvider });
  const labels = (component: string) => ({ labels: componentLabels(KIND, name, component) });
  const secretSelector = sameXrSelector('secret');

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required, { name: 'secretsmanager', what: 'Secrets Manager' });
  const keyArn = dependency.arnFor(observed.secret, 'kmsKeyId');

  const resources: Record<string, KubeObject> = {};
  // The secret is created with its key or not at all (never with the AWS-managed aws/secretsmanager key first).
  if (keyArn) {
    resources.secret = sm.SecretsmanagerSecret.manifest({
      metadata: labels('secret'),
      spec: mr({
        region: p.region,
        name: secretName,
        ...(p.description ? { description: p.description } : {}),
        // The ARN itself, not a key selector: see composedKeyArn.
        kmsKeyId: keyArn,
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
  }
  resources['encryption-key-usage'] = platformUsage({ kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, { kind: KIND, name }, `ManagedSecret ${name} stores a secret encrypted with this key`, labels('encryption-key-usage'));

  const conditions: XrCondition[] = [dependency.condition(`The secret is encrypted with ${keyArn}`)];
  const warnings = dependency.warnings;

  return {
    resources,
    requirements: dependency.requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: reported<ManagedSecretStatus>({ secretName, secretArn: atProvider(observed.secret, 'arn'), encryptionKeyArn: keyArn }),
  };
}
