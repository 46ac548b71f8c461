import { DynamodbContributorInsights, DynamodbTable } from '../../imports/aws-dynamodb-dynamodb.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { SECURE_TABLE_BAD_CLAIMS } from './bad-claims';
import { SECURE_TABLE_EXAMPLES } from './examples';
import { composeSecureTable, KIND } from './composer';
import { SECURE_TABLE_SPEC, SECURE_TABLE_STATUS, type SecureTableParameters, type SecureTableStatus } from './parameters';

export const secureTableApi: PlatformApi<SecureTableParameters, SecureTableStatus> = {
  kind: KIND,
  plural: 'securetables',
  shortNames: ['stbl'],
  description: 'A DynamoDB table encrypted with a customer-managed key, with point-in-time recovery always on, deletion protection (required in prod), on-demand billing by default, contributor insights, optional stream and TTL, and its keys and global secondary indexes.',
  specSchema: SECURE_TABLE_SPEC,
  statusSchema: SECURE_TABLE_STATUS,
  printerColumns: [
    { name: 'TABLE', type: 'string', jsonPath: '.status.tableName' },
    { name: 'BILLING', type: 'string', jsonPath: '.spec.billingMode' },
    { name: 'KEY', type: 'string', jsonPath: '.spec.encryptionKeyRef.name', priority: 1 },
  ],
  managedResources: [
    { ...DynamodbTable.GVK, plural: 'tables' },
    { ...DynamodbContributorInsights.GVK, plural: 'contributorinsights' },
  ],
  examples: SECURE_TABLE_EXAMPLES,
  badClaims: SECURE_TABLE_BAD_CLAIMS,
  environmentMember: {
    field: 'tables', cardinality: 'list', prefix: 'table', maxItems: 20, encryptsData: true,
    description: 'DynamoDB tables (SecureTable).',
  },
  compose: composeSecureTable,
  securityFeatures: () => ['dynamodb-point-in-time-recovery', 'dynamodb-cmk-encryption'],
  readyStatus: (s, { region, accountId }) => ({ ...s, tableArn: s.tableArn ?? `arn:aws:dynamodb:${region}:${accountId}:table/${s.tableName}` }),
};
