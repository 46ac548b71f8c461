import { KmsAlias, KmsKey } from '../../imports/aws-kms-kms.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { ENCRYPTION_KEY_BAD_CLAIMS } from './bad-claims';
import { ENCRYPTION_KEY_EXAMPLES } from './examples';
import { composeEncryptionKey, KIND } from './composer';
import { ENCRYPTION_KEY_SPEC, ENCRYPTION_KEY_STATUS, type EncryptionKeyParameters, type EncryptionKeyStatus } from './parameters';

export const encryptionKeyApi: PlatformApi<EncryptionKeyParameters, EncryptionKeyStatus> = {
  kind: KIND,
  plural: 'encryptionkeys',
  shortNames: ['ek'],
  description: 'A customer-managed KMS key with automatic rotation, a recovery window before deletion and a key policy that admits only the account and the AWS services named, plus its alias.',
  specSchema: ENCRYPTION_KEY_SPEC,
  statusSchema: ENCRYPTION_KEY_STATUS,
  printerColumns: [
    { name: 'ALIAS', type: 'string', jsonPath: '.status.aliasName' },
    { name: 'KEY-ARN', type: 'string', jsonPath: '.status.keyArn', priority: 1 },
  ],
  managedResources: [{ ...KmsKey.GVK, plural: 'keys' }, { ...KmsAlias.GVK, plural: 'aliases' }],
  examples: ENCRYPTION_KEY_EXAMPLES,
  badClaims: ENCRYPTION_KEY_BAD_CLAIMS,
  environmentMember: {
    field: 'encryptionKeys', cardinality: 'list', prefix: 'encryption-key', maxItems: 10, required: true, encryptsData: false,
    description: 'Customer-managed KMS keys (EncryptionKey), at least one; the other members reference them by name.',
  },
  compose: composeEncryptionKey,
  // KMS assigns the key id; the ARN follows from it.
  readyStatus: (s, { region, accountId, id }) => ({ ...s, keyArn: `arn:aws:kms:${region}:${accountId}:key/${id}-0000-4000-8000-${id}0000`, keyId: `${id}-0000-4000-8000-${id}0000` }),
};
