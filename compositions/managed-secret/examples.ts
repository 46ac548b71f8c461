/** Example ManagedSecret claims: documentation that is tested (composed, validated, rendered). */
import type { ManagedSecretParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<ManagedSecretParameters> & Pick<ManagedSecretParameters, 'encryptionKeyRef' | 'allowedRoleArns'> };

export const MANAGED_SECRET_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'minimal' },
      // The SecureFunction example rotate-api-key. rotationRoleArn defaults to its execution role,
      // arn:aws:iam::123456789012:role/rotate-api-key, which the policy exempts from its read and write denies.
      rotationLambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-api-key',
      allowedRoleArns: ['arn:aws:iam::123456789012:role/checkout'],
    },
  },
  {
    name: 'prod-from-kubernetes-secret',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, secretName: 'prod/checkout/payment-token', deletionProtection: true,
      dataClassification: 'restricted', description: 'Token of the payment provider',
      source: 'KubernetesSecret', valueFrom: { secretName: 'checkout-payment', key: 'token' },
      recoveryWindowInDays: 30, rotationDays: 90,
      allowedRoleArns: ['arn:aws:iam::123456789012:role/checkout', 'arn:aws:iam::123456789012:role/service/payments'],
      providerRoleArn: 'arn:aws:iam::123456789012:role/crossplane-provider-aws',
    },
  },
];
