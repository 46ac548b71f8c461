/** Example SecureTopic claims: documentation that is tested (composed, validated, rendered). */
import type { SecureTopicParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<SecureTopicParameters> & Pick<SecureTopicParameters, 'encryptionKeyRef'> };

export const SECURE_TOPIC_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'minimal' },
    },
  },
  {
    name: 'prod-order-events',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, deletionProtection: true, dataClassification: 'confidential',
      topicName: 'order-events', displayName: 'Order events', fifo: true, contentBasedDeduplication: true,
      publisherRoleArns: ['arn:aws:iam::123456789012:role/checkout'],
      publisherServices: ['events.amazonaws.com'],
      subscriptions: [{ protocol: 'https', endpoint: 'https://hooks.example.com/orders' }],
    },
  },
];
