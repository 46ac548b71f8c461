/** SecureTable claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { SECURE_TABLE_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...SECURE_TABLE_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...SECURE_TABLE_EXAMPLES.find((e) => e.name === 'prod-orders')!.spec };

export const SECURE_TABLE_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'an attempt to switch point-in-time recovery off', spec: { ...MINIMAL, pointInTimeRecovery: false }, field: 'spec.pointInTimeRecovery', words: '' },
  { what: 'provisioned billing without capacities', spec: { ...MINIMAL, billingMode: 'PROVISIONED' }, field: 'spec.billingMode', words: 'requires readCapacity and writeCapacity' },
  { what: 'capacities with on-demand billing', spec: { ...MINIMAL, readCapacity: 5, writeCapacity: 5 }, field: 'spec.billingMode', words: 'only allowed with billingMode PROVISIONED' },
  { what: 'point-in-time recovery kept 36 days', spec: { ...MINIMAL, pointInTimeRecoveryDays: 36 }, field: 'spec.pointInTimeRecoveryDays', words: '<= 35' },
  { what: 'a key attribute type that does not exist', spec: { ...MINIMAL, partitionKey: { name: 'pk', type: 'BOOL' } }, field: 'spec.partitionKey.type', words: 'must be one of' },
  { what: 'two indexes of one name', spec: { ...MINIMAL, globalSecondaryIndexes: [{ name: 'by-status', partitionKey: { name: 'status', type: 'S' } }, { name: 'by-status', partitionKey: { name: 'state', type: 'S' } }] }, field: 'spec.globalSecondaryIndexes', words: 'distinct names' },
  { what: 'non-key attributes on a KEYS_ONLY index', spec: { ...MINIMAL, globalSecondaryIndexes: [{ name: 'by-status', partitionKey: { name: 'status', type: 'S' }, projectionType: 'KEYS_ONLY', nonKeyAttributes: ['total'] }] }, field: 'spec.globalSecondaryIndexes[0].nonKeyAttributes', words: 'only be set when projectionType is INCLUDE' },
  { what: 'a stream view type that does not exist', spec: { ...MINIMAL, streamViewType: 'EVERYTHING' }, field: 'spec.streamViewType', words: 'must be one of' },
  { what: 'a prod table without deletion protection', spec: { ...PROD, deletionProtection: false }, field: 'spec.deletionProtection', words: 'must be true when tier is prod' },
  { what: 'a table without its encryption key', spec: without(MINIMAL, 'encryptionKeyRef'), field: 'spec.encryptionKeyRef', words: 'equired' },
];
