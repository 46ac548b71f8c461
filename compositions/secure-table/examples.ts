/** Example SecureTable claims: documentation that is tested (composed, validated, rendered). */
import type { SecureTableParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<SecureTableParameters> & Pick<SecureTableParameters, 'encryptionKeyRef' | 'partitionKey'> };

export const SECURE_TABLE_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'minimal' }, partitionKey: { name: 'pk', type: 'S' },
    },
  },
  {
    name: 'prod-orders',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, tableName: 'team-a-prod-orders', deletionProtection: true,
      dataClassification: 'restricted', billingMode: 'PROVISIONED', readCapacity: 20, writeCapacity: 10,
      partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'orderedAt', type: 'N' },
      globalSecondaryIndexes: [
        { name: 'by-status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'orderedAt', type: 'N' }, projectionType: 'INCLUDE', nonKeyAttributes: ['total', 'currency'] },
        { name: 'by-order-id', partitionKey: { name: 'orderId', type: 'S' }, projectionType: 'KEYS_ONLY', readCapacity: 5, writeCapacity: 5 },
      ],
      pointInTimeRecoveryDays: 35, streamViewType: 'NEW_AND_OLD_IMAGES', ttlAttribute: 'expiresAt',
    },
  },
];
