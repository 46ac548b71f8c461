/**
 * ManagedSecret → a Secrets Manager secret (customer-managed key, recovery window), its resource policy (named
 * readers, explicit deny for everyone else, TLS only, public policies blocked), and either its rotation (source
 * Generated: the rotation function creates the first value at once and rotates it every rotationDays) or a
 * version written from a Kubernetes Secret (source KubernetesSecret); plus a Usage that keeps the EncryptionKey
 * from being deleted while the secret exists. No value ever passes through the claim or the composition.
 */
import * as sm from '../../imports/aws-secretsmanager-secretsmanager.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, reported, type ComposeInput, type Composition, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency } from '../encryption-key/dependency';
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
  const kit = new ComposerKit(KIND, xr);
  const secretSelector = sameXrSelector('secret');

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required, { name: 'secretsmanager', what: 'Secrets Manager' });
  const keyArn = dependency.arnFor(observed.secret, 'kmsKeyId');

  // The secret is created with its key or not at all (never with the AWS-managed aws/secretsmanager key first).
  if (keyArn) {
    kit.add('secret', sm.SecretsmanagerSecret, {
      region: p.region,
      name: secretName,
      ...(p.description ? { description: p.description } : {}),
      // The ARN itself, not a key selector: see composedKeyArn.
      kmsKeyId: keyArn,
      recoveryWindowInDays: p.recoveryWindowInDays,
      tags: kit.tags,
    });
    kit.add('secret-policy', sm.SecretsmanagerSecretPolicy, { region: p.region, secretArnSelector: secretSelector, blockPublicPolicy: true, policy: JSON.stringify(secretPolicy(p)) });
    if (p.source === 'Generated') {
      kit.add('secret-rotation', sm.SecretsmanagerSecretRotation, {
        region: p.region,
        secretIdSelector: secretSelector,
        rotationLambdaArn: p.rotationLambdaArn,
        rotationRules: { automaticallyAfterDays: p.rotationDays },
        // The secret starts without a value: the first rotation, at once, creates it.
        rotateImmediately: true,
      });
    } else {
      kit.add('secret-version', sm.SecretsmanagerSecretVersion, {
        region: p.region,
        secretIdSelector: secretSelector,
        // The provider reads the value from this Secret in the namespace of the ManagedSecret.
        secretStringSecretRef: { name: p.valueFrom!.secretName, key: p.valueFrom!.key },
      });
    }
  }
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, `ManagedSecret ${name} stores a secret encrypted with this key`);

  const conditions: XrCondition[] = [dependency.condition(`The secret is encrypted with ${keyArn}`)];
  const warnings = dependency.warnings;

  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: reported<ManagedSecretStatus>({ secretName, secretArn: atProvider(observed.secret, 'arn'), encryptionKeyArn: keyArn }),
  };
}
