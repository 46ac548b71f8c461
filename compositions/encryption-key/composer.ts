/**
 * EncryptionKey → kms Key (rotation on, deletion window, least-privilege key policy) + Alias.
 */
import { KmsAlias, KmsKey } from '../../imports/aws-kms-kms.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, reported, type ComposeInput, type Composition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { LABEL_PREFIX } from '../../lib/platform';
import { keyPolicy } from './key-policy';
import type { EncryptionKeyParameters, EncryptionKeyStatus } from './parameters';

export const KIND = 'EncryptionKey';
/** Label on the kms Key naming the EncryptionKey it belongs to, so other platform APIs can select it. */
const ENCRYPTION_KEY_LABEL = `${LABEL_PREFIX}/encryption-key`;

/** Full alias name of an EncryptionKey (alias/...). */
export function aliasNameOf(xrName: string, p: Pick<EncryptionKeyParameters, 'environment' | 'aliasName'>): string {
  return `alias/${p.aliasName ?? `${p.environment}/${xrName}`}`;
}

export function composeEncryptionKey({ xr, observed }: ComposeInput<EncryptionKeyParameters>): Composition<EncryptionKeyStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const alias = aliasNameOf(name, p);
  const kit = new ComposerKit(KIND, xr);

  kit.add('key', KmsKey, {
    region: p.region,
    description: p.description,
    keyUsage: 'ENCRYPT_DECRYPT',
    customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    isEnabled: true,
    enableKeyRotation: true,
    rotationPeriodInDays: p.rotationPeriodInDays,
    deletionWindowInDays: p.deletionWindowInDays,
    multiRegion: false,
    // Never skip KMS's check that the policy leaves the key manageable.
    bypassPolicyLockoutSafetyCheck: false,
    policy: JSON.stringify(keyPolicy(p)),
    tags: kit.tags,
  }, { labels: { [ENCRYPTION_KEY_LABEL]: name } });
  // The alias name is the external name of a kms Alias.
  kit.add('alias', KmsAlias, { region: p.region, targetKeyIdSelector: sameXrSelector('key') }, { externalName: alias });

  const keyArn = atProvider(observed.key, 'arn');
  return {
    resources: kit.resources,
    status: reported<EncryptionKeyStatus>({
      keyArn,
      keyId: atProvider(observed.key, 'keyId'),
      aliasName: alias,
      aliasArn: `arn:aws:kms:${p.region}:${p.accountId}:${alias}`,
    }),
  };
}
