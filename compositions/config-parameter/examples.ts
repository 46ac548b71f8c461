/** Example ConfigParameter claims: documentation that is tested (composed, validated, rendered). */
import type { ConfigParameterParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<ConfigParameterParameters> & Pick<ConfigParameterParameters, 'encryptionKeyRef' | 'application' | 'parameters'> };

export const CONFIG_PARAMETER_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'minimal' }, application: 'checkout',
      parameters: [{ name: 'log-level', value: 'info', description: 'Log level of the checkout service' }],
    },
  },
  {
    name: 'prod-checkout',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, application: 'checkout', deletionProtection: true,
      dataClassification: 'restricted', parameterTier: 'Advanced',
      parameters: [
        { name: 'feature-flags', value: '{"newCart":true}', description: 'Feature flags (not secret)' },
        { name: 'payment-api-token', valueFrom: { secretName: 'checkout-payment', key: 'token' }, description: 'Token of the payment provider' },
      ],
    },
  },
];
