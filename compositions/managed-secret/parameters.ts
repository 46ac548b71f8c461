import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, int, obj, str, type Infer } from '../../lib/schema';

/**
 * Where the secret's value comes from. Never from the claim:
 * - Generated: the rotation function creates the first value (rotation runs immediately when the secret is
 *   created) and every later one; a rotation function is therefore required.
 * - KubernetesSecret: a key of a Kubernetes Secret in the same namespace is written as the secret's value. It is
 *   rotated where it comes from (a rotation function would overwrite it and fight the provider), so no rotation
 *   function is allowed.
 */
export const SECRET_SOURCES = ['Generated', 'KubernetesSecret'] as const;

export const MANAGED_SECRET_DEFAULTS = {
  source: 'Generated',
  rotationDays: 30,
  recoveryWindowInDays: 30,
} as const;

/** Longest rotation period in prod. */
export const MAX_PROD_ROTATION_DAYS = 90;
export const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$';
export const LAMBDA_ARN_PATTERN = '^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$';

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

export const MANAGED_SECRET_SPEC = obj('Desired state of the managed secret.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the secret. Its services should include secretsmanager.'),
  secretName: str('Name of the secret in Secrets Manager. Defaults to <environment>/<name>. Cannot change.', {
    pattern: '^[A-Za-z0-9/_+=.@-]+$', minLength: 1, maxLength: 256,
  }),
  description: str('What the secret is for; shown in the Secrets Manager console.', { maxLength: 2048 }),
  source: str('Where the value comes from: Generated (the rotation function creates it, then rotates it) or KubernetesSecret (written from valueFrom; rotate it at its source). Never from the claim.', {
    enum: SECRET_SOURCES, default: MANAGED_SECRET_DEFAULTS.source,
  }),
  valueFrom: obj('The key of a Kubernetes Secret, in this namespace, whose value is written to the secret. Only with source KubernetesSecret.', {
    secretName: str('Name of the Kubernetes Secret.', { pattern: DNS_SUBDOMAIN, maxLength: 253 }),
    key: str('Key in the Secret\'s data.', { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }),
  }, { required: ['secretName', 'key'] }),
  rotationLambdaArn: str('ARN of the Lambda rotation function that creates and rotates the value. Required with source Generated. Secrets Manager must be allowed to invoke it, and its role to use the key.', {
    pattern: LAMBDA_ARN_PATTERN,
  }),
  rotationRoleArn: str('ARN (path included) of the IAM role the rotation function runs as; the resource policy exempts it (aws:PrincipalArn) from its read and write denies so rotation can read and write the value. Only with source Generated. Defaults to arn:<partition>:iam::<account>:role/<function name>, from rotationLambdaArn: the execution role of a SecureFunction, named after its function. Set it for a rotation function whose role is named otherwise.', {
    pattern: ROLE_ARN_PATTERN,
  }),
  rotationDays: int('Days between automatic rotations (at most 90 when tier is prod).', {
    minimum: 1, maximum: 365, default: MANAGED_SECRET_DEFAULTS.rotationDays,
  }),
  recoveryWindowInDays: int('Days a deleted secret can still be restored before Secrets Manager destroys it.', {
    minimum: 7, maximum: 30, default: MANAGED_SECRET_DEFAULTS.recoveryWindowInDays,
  }),
  allowedRoleArns: arr('IAM roles allowed to read the value (GetSecretValue, DescribeSecret). The resource policy denies reading the value to every other principal but the account root.',
    str('ARN of an IAM role.', { pattern: ROLE_ARN_PATTERN }), { minItems: 1, maxItems: 10, listType: 'set' }),
  providerRoleArn: str('IAM role the Crossplane AWS provider runs as, exempt from the deny so it can write the value and read it back. Required with source KubernetesSecret.', {
    pattern: ROLE_ARN_PATTERN,
  }),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef', 'allowedRoleArns'],
  rules: [
    ...COMMON_RULES,
    { rule: "self.source != 'Generated' || has(self.rotationLambdaArn)", message: 'rotationLambdaArn is required when source is Generated: the rotation function creates and rotates the value', fieldPath: '.rotationLambdaArn' },
    { rule: "self.source != 'KubernetesSecret' || !has(self.rotationLambdaArn)", message: 'rotationLambdaArn is not allowed when source is KubernetesSecret: rotation would overwrite the value taken from the Kubernetes Secret; rotate it at its source', fieldPath: '.rotationLambdaArn' },
    { rule: "self.source != 'KubernetesSecret' || !has(self.rotationRoleArn)", message: 'rotationRoleArn is not allowed when source is KubernetesSecret: there is no rotation function', fieldPath: '.rotationRoleArn' },
    { rule: "(self.source == 'KubernetesSecret') == has(self.valueFrom)", message: 'valueFrom is required when source is KubernetesSecret, and only then', fieldPath: '.valueFrom' },
    { rule: "self.source != 'KubernetesSecret' || has(self.providerRoleArn)", message: 'providerRoleArn is required when source is KubernetesSecret: the provider writes the value and reads it back', fieldPath: '.providerRoleArn' },
    { rule: `self.tier != 'prod' || self.rotationDays <= ${MAX_PROD_ROTATION_DAYS}`, message: `rotationDays must be at most ${MAX_PROD_ROTATION_DAYS} when tier is prod`, fieldPath: '.rotationDays' },
    { rule: '!has(oldSelf.secretName) || (has(self.secretName) && self.secretName == oldSelf.secretName)', message: 'secretName cannot change: secrets cannot be renamed', fieldPath: '.secretName' },
  ],
});

export const MANAGED_SECRET_STATUS = obj('Observed outputs of the managed secret.', {
  secretName: str('Name of the secret in Secrets Manager.'),
  secretArn: str('ARN of the secret, once the provider reports it.'),
  encryptionKeyArn: str('ARN of the KMS key encrypting the secret, once the EncryptionKey reports it.'),
});

/**
 * A Secrets Manager secret encrypted with a customer-managed key, readable only by the named roles (explicit
 * deny for everyone else, TLS only), whose value is generated and rotated by a rotation function or taken from
 * a Kubernetes Secret; never from the claim. Derived from the schema above (its descriptions document each field,
 * its defaults fill them): the one statement of the API's parameters. Which of valueFrom, rotationLambdaArn,
 * rotationRoleArn and providerRoleArn are set depends on source (CEL rules of the schema), so all four are optional.
 */
export type ManagedSecretParameters = Infer<typeof MANAGED_SECRET_SPEC>;
/** What a ManagedSecret reports, derived from its status schema. */
export type ManagedSecretStatus = Infer<typeof MANAGED_SECRET_STATUS>;
