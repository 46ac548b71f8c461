import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, type CommonParameters } from '../../lib/common';
import { arr, obj, str, type JsonSchema } from '../../lib/schema';

export const PARAMETER_TIERS = ['Standard', 'Advanced'] as const;
export type ParameterTier = (typeof PARAMETER_TIERS)[number];

export const CONFIG_PARAMETER_DEFAULTS = {
  parameterTier: 'Standard',
} as const;

/** Most parameters one ConfigParameter holds. */
export const MAX_PARAMETERS = 20;
/** Largest value of a Standard parameter (Advanced parameters take up to 8 KB). */
export const MAX_INLINE_VALUE_LENGTH = 4096;

/** A key of a Kubernetes Secret in the namespace of the ConfigParameter. */
export interface SecretKeyReference {
  readonly secretName: string;
  readonly key: string;
}

export interface Parameter {
  /** Last segment of the parameter's name: /<environment>/<application>/<name>. */
  readonly name: string;
  /** What the parameter is for. @default none */
  readonly description?: string;
  /** The value, for configuration that is not secret (still stored encrypted, as a SecureString). */
  readonly value?: string;
  /** The value, read from a key of a Kubernetes Secret in this namespace: the only way to pass a secret. */
  readonly valueFrom?: SecretKeyReference;
}

/**
 * SSM parameters of one application under /<environment>/<application>/, every one a SecureString encrypted with
 * a customer-managed key. Secret values come only from Kubernetes Secrets, never from the claim.
 */
export interface ConfigParameterParameters extends CommonParameters {
  /** The EncryptionKey (same namespace) whose KMS key encrypts the parameters. */
  readonly encryptionKeyRef: { readonly name: string };
  /** Application the parameters belong to: the second segment of their names. */
  readonly application: string;
  /**
   * SSM parameter tier of every parameter (called parameterTier because tier is the environment's tier).
   * @default 'Standard'
   */
  readonly parameterTier: ParameterTier;
  /** The parameters (1-20, distinct names). */
  readonly parameters: readonly Parameter[];
}

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

export const CONFIG_PARAMETER_SPEC: JsonSchema = obj('Desired state of the application\'s configuration parameters.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: obj('The EncryptionKey, in this namespace, whose KMS key encrypts every parameter (SecureString). Its services should include ssm.', {
    name: str('Name of the EncryptionKey.', { pattern: DNS_LABEL, maxLength: 63 }),
  }, { required: ['name'] }),
  application: str('Application the parameters belong to; parameters are named /<environment>/<application>/<name>. Cannot change.', {
    pattern: DNS_LABEL, minLength: 1, maxLength: 63,
  }),
  parameterTier: str('SSM parameter tier of every parameter: Standard (values up to 4 KB, free) or Advanced (up to 8 KB, charged). Named parameterTier because tier is the environment\'s strictness tier.', {
    enum: PARAMETER_TIERS, default: CONFIG_PARAMETER_DEFAULTS.parameterTier,
  }),
  parameters: arr('The parameters, with distinct names. Every one is a SecureString encrypted with the EncryptionKey.', obj('A parameter: set exactly one of value and valueFrom.', {
    name: str('Last segment of the parameter name, /<environment>/<application>/<name>: letters, digits, dot, underscore and hyphen.', {
      pattern: '^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$', minLength: 1, maxLength: 50,
    }),
    description: str('What the parameter is for; shown in the SSM console.', { maxLength: 1024 }),
    value: str('The value, for configuration that is not secret. It is still stored encrypted (SecureString). Never put a secret here: use valueFrom.', {
      minLength: 1, maxLength: MAX_INLINE_VALUE_LENGTH,
    }),
    valueFrom: obj('Read the value from a key of a Kubernetes Secret in this namespace: the way to pass secrets.', {
      secretName: str('Name of the Kubernetes Secret.', { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253 }),
      key: str('Key in the Secret\'s data.', { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }),
    }, { required: ['secretName', 'key'] }),
  }, {
    required: ['name'],
    rules: [{ rule: 'has(self.value) != has(self.valueFrom)', message: 'set exactly one of value and valueFrom' }],
  }), {
    minItems: 1,
    maxItems: MAX_PARAMETERS,
    rules: [{ rule: 'self.all(i, self.exists_one(j, j.name == i.name))', message: 'parameters must have distinct names' }],
  }),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef', 'application', 'parameters'],
  rules: [
    ...COMMON_RULES,
    { rule: 'self.application == oldSelf.application', message: 'application cannot change: it is part of every parameter name', fieldPath: '.application' },
  ],
});

export const CONFIG_PARAMETER_STATUS: JsonSchema = obj('Observed outputs of the configuration parameters.', {
  path: str('Path every parameter is under: /<environment>/<application>/.'),
  parameters: arr('Every parameter, by full name and ARN.', obj('One SSM parameter.', {
    name: str('Full name of the parameter.'),
    arn: str('ARN of the parameter.'),
  })),
  encryptionKeyArn: str('ARN of the KMS key encrypting the parameters, once the EncryptionKey reports it.'),
});
