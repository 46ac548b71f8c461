import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES } from '../../lib/common';
import { arr, int, obj, str, type Infer } from '../../lib/schema';

/**
 * AWS services that may use the key. Each is granted only the KMS actions it needs, constrained to this account
 * (aws:SourceAccount / kms:CallerAccount) and to the service (kms:ViaService or its encryption context).
 */
export const KEY_SERVICES = [
  'logs', 'cloudtrail', 'sns', 'secretsmanager', 'rds', 's3', 'lambda', 'dynamodb', 'ssm',
  // VPC flow logs (and other vended logs) written by the log delivery service into an SSE-KMS bucket.
  'log-delivery',
] as const;
export type KeyService = (typeof KEY_SERVICES)[number];

export const ENCRYPTION_KEY_DEFAULTS = {
  deletionWindowInDays: 30,
  rotationPeriodInDays: 365,
  services: [] as KeyService[],
} as const;

export const ENCRYPTION_KEY_SPEC = obj('Desired state of the encryption key.', {
  ...COMMON_PROPERTIES,
  description: str('What the key protects; shown in the KMS console.', { minLength: 1, maxLength: 256 }),
  aliasName: str('Alias name without the alias/ prefix. Defaults to <environment>/<name of this EncryptionKey>.', {
    pattern: '^[a-zA-Z0-9/_-]+$', maxLength: 200,
    rules: [{ rule: "!self.startsWith('aws/')", message: 'aliasName must not start with aws/ (reserved for AWS managed keys)' }],
  }),
  deletionWindowInDays: int('Days a key scheduled for deletion can still be recovered before it is destroyed.', {
    minimum: 7, maximum: 30, default: ENCRYPTION_KEY_DEFAULTS.deletionWindowInDays,
  }),
  rotationPeriodInDays: int('Days between automatic rotations of the key material. Rotation is always on.', {
    minimum: 90, maximum: 2560, default: ENCRYPTION_KEY_DEFAULTS.rotationPeriodInDays,
  }),
  services: arr('AWS services allowed to use the key, each limited to this account and to requests made through that service.',
    str('An AWS service.', { enum: KEY_SERVICES }), { default: [], maxItems: KEY_SERVICES.length, listType: 'set' }),
}, {
  required: [...COMMON_REQUIRED, 'description'],
  rules: [
    ...COMMON_RULES,
    { rule: "self.tier != 'prod' || self.deletionWindowInDays == 30", message: 'deletionWindowInDays must be 30 when tier is prod', fieldPath: '.deletionWindowInDays' },
  ],
});

export const ENCRYPTION_KEY_STATUS = obj('Observed outputs of the encryption key.', {
  keyArn: str('ARN of the KMS key, once created.'),
  keyId: str('Id of the KMS key, once created.'),
  aliasName: str('Full alias name (alias/...).'),
  aliasArn: str('ARN of the alias.'),
});

/**
 * A customer-managed KMS key with rotation always on, and its alias. Derived from the schema above (its
 * descriptions document each field, its defaults fill them): the one statement of the API's parameters.
 */
export type EncryptionKeyParameters = Infer<typeof ENCRYPTION_KEY_SPEC>;
/** What an EncryptionKey reports, derived from its status schema. */
export type EncryptionKeyStatus = Infer<typeof ENCRYPTION_KEY_STATUS>;
