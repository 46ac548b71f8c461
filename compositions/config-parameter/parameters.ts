import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, obj, str, type Infer } from '../../lib/schema';

export const PARAMETER_TIERS = ['Standard', 'Advanced'] as const;

export const CONFIG_PARAMETER_DEFAULTS = {
  parameterTier: 'Standard',
} as const;

/** Most parameters one ConfigParameter holds. */
export const MAX_PARAMETERS = 20;
/** Largest value of a Standard parameter (Advanced parameters take up to 8 KB). */
export const MAX_INLINE_VALUE_LENGTH = 4096;

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

export const CONFIG_PARAMETER_SPEC = obj('Desired state of the application\'s configuration parameters.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts every parameter (SecureString). Its services should include ssm.'),
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

export const CONFIG_PARAMETER_STATUS = obj('Observed outputs of the configuration parameters.', {
  path: str('Path every parameter is under: /<environment>/<application>/.'),
  parameters: arr('Every parameter, by full name and ARN.', obj('One SSM parameter.', {
    name: str('Full name of the parameter.'),
    arn: str('ARN of the parameter.'),
  })),
  encryptionKeyArn: str('ARN of the KMS key encrypting the parameters, once the EncryptionKey reports it.'),
});

/**
 * SSM parameters of one application under /<environment>/<application>/, every one a SecureString encrypted with
 * a customer-managed key. Secret values come only from Kubernetes Secrets, never from the claim. Derived from the
 * schema above (its descriptions document each field, its defaults fill them): the one statement of the API's
 * parameters.
 */
export type ConfigParameterParameters = Infer<typeof CONFIG_PARAMETER_SPEC>;
/** One parameter: its name and exactly one of value and valueFrom (the CEL rule of the item schema). */
export type Parameter = ConfigParameterParameters['parameters'][number];
/** What a ConfigParameter reports, derived from its status schema. */
export type ConfigParameterStatus = Infer<typeof CONFIG_PARAMETER_STATUS>;
