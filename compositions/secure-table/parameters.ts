import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, bool, int, obj, str, type Infer } from '../../lib/schema';

export const BILLING_MODES = ['PAY_PER_REQUEST', 'PROVISIONED'] as const;
export const ATTRIBUTE_TYPES = ['S', 'N', 'B'] as const;
export const PROJECTION_TYPES = ['ALL', 'KEYS_ONLY', 'INCLUDE'] as const;
export const STREAM_VIEW_TYPES = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] as const;

export const SECURE_TABLE_DEFAULTS = {
  billingMode: 'PAY_PER_REQUEST',
  pointInTimeRecoveryDays: 35,
  contributorInsights: true,
  projectionType: 'ALL',
} as const;

/** Most global secondary indexes DynamoDB allows on one table. */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
/** DynamoDB allows at most 100 projected non-key attributes over all indexes of a table. */
export const MAX_NON_KEY_ATTRIBUTES = 100;

const ATTRIBUTE_NAME = '^[A-Za-z0-9_.:-]+$';
const keyAttribute = (what: string) => obj(`${what}: an attribute name and its scalar type.`, {
  name: str('Attribute name.', { pattern: ATTRIBUTE_NAME, minLength: 1, maxLength: 255 }),
  type: str('Attribute type: S (string), N (number) or B (binary).', { enum: ATTRIBUTE_TYPES }),
}, { required: ['name', 'type'] });
const capacity = (what: string) => int(what, { minimum: 1, maximum: 40000 });

export const SECURE_TABLE_SPEC = obj('Desired state of the secure table.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the table at rest. Its services should include dynamodb.'),
  tableName: str('Table name, unique in the account and region. Defaults to <environment>-<name>. Cannot change.', {
    pattern: '^[A-Za-z0-9_.-]+$', minLength: 3, maxLength: 255,
  }),
  billingMode: str('PAY_PER_REQUEST (on-demand) or PROVISIONED (then readCapacity and writeCapacity are required).', {
    enum: BILLING_MODES, default: SECURE_TABLE_DEFAULTS.billingMode,
  }),
  readCapacity: capacity('Read capacity units of the table; required with, and only allowed with, PROVISIONED.'),
  writeCapacity: capacity('Write capacity units of the table; required with, and only allowed with, PROVISIONED.'),
  partitionKey: keyAttribute('Partition (hash) key of the table. Cannot change'),
  sortKey: keyAttribute('Sort (range) key of the table. Cannot change'),
  globalSecondaryIndexes: arr('Global secondary indexes, each with its own keys and projection.', obj('A global secondary index.', {
    name: str('Index name, unique in the table.', { pattern: '^[A-Za-z0-9_.-]+$', minLength: 3, maxLength: 255 }),
    partitionKey: keyAttribute('Partition key of the index'),
    sortKey: keyAttribute('Sort key of the index'),
    projectionType: str('Attributes copied into the index: ALL, KEYS_ONLY, or INCLUDE (the keys plus nonKeyAttributes).', {
      enum: PROJECTION_TYPES, default: SECURE_TABLE_DEFAULTS.projectionType,
    }),
    nonKeyAttributes: arr('Attributes projected into the index besides the keys; only with projectionType INCLUDE.',
      str('An attribute name.', { pattern: ATTRIBUTE_NAME, maxLength: 255 }), { minItems: 1, maxItems: MAX_NON_KEY_ATTRIBUTES, listType: 'set' }),
    readCapacity: capacity('Read capacity units of the index (PROVISIONED only). Defaults to the table\'s readCapacity.'),
    writeCapacity: capacity('Write capacity units of the index (PROVISIONED only). Defaults to the table\'s writeCapacity.'),
  }, {
    required: ['name', 'partitionKey'],
    rules: [
      { rule: "!has(self.nonKeyAttributes) || self.projectionType == 'INCLUDE'", message: 'nonKeyAttributes can only be set when projectionType is INCLUDE', fieldPath: '.nonKeyAttributes' },
      { rule: "self.projectionType != 'INCLUDE' || has(self.nonKeyAttributes)", message: 'projectionType INCLUDE needs nonKeyAttributes', fieldPath: '.nonKeyAttributes' },
    ],
  }), {
    maxItems: MAX_GLOBAL_SECONDARY_INDEXES,
    rules: [
      { rule: 'self.all(i, self.exists_one(j, j.name == i.name))', message: 'globalSecondaryIndexes must have distinct names' },
      { rule: `self.map(i, has(i.nonKeyAttributes) ? size(i.nonKeyAttributes) : 0).sum() <= ${MAX_NON_KEY_ATTRIBUTES}`, message: `at most ${MAX_NON_KEY_ATTRIBUTES} nonKeyAttributes over all indexes` },
    ],
  }),
  pointInTimeRecoveryDays: int('Days of continuous backups kept for point-in-time recovery. Point-in-time recovery is always on.', {
    minimum: 1, maximum: 35, default: SECURE_TABLE_DEFAULTS.pointInTimeRecoveryDays,
  }),
  streamViewType: str('Enable a DynamoDB stream with this view: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES.', { enum: STREAM_VIEW_TYPES }),
  ttlAttribute: str('Attribute holding the expiry time (epoch seconds) of an item; enables time to live.', { pattern: ATTRIBUTE_NAME, minLength: 1, maxLength: 255 }),
  contributorInsights: bool('CloudWatch Contributor Insights on the table (most accessed and most throttled keys).', { default: SECURE_TABLE_DEFAULTS.contributorInsights }),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef', 'partitionKey'],
  rules: [
    ...COMMON_RULES,
    { rule: "self.billingMode != 'PROVISIONED' || (has(self.readCapacity) && has(self.writeCapacity))", message: 'billingMode PROVISIONED requires readCapacity and writeCapacity', fieldPath: '.billingMode' },
    { rule: "self.billingMode == 'PROVISIONED' || (!has(self.readCapacity) && !has(self.writeCapacity))", message: 'readCapacity and writeCapacity are only allowed with billingMode PROVISIONED', fieldPath: '.billingMode' },
    {
      rule: "self.billingMode == 'PROVISIONED' || !has(self.globalSecondaryIndexes) || self.globalSecondaryIndexes.all(i, !has(i.readCapacity) && !has(i.writeCapacity))",
      message: 'index readCapacity and writeCapacity are only allowed with billingMode PROVISIONED', fieldPath: '.globalSecondaryIndexes',
    },
    { rule: '!has(oldSelf.tableName) || (has(self.tableName) && self.tableName == oldSelf.tableName)', message: 'tableName cannot change: DynamoDB tables cannot be renamed', fieldPath: '.tableName' },
    { rule: 'self.partitionKey == oldSelf.partitionKey', message: 'partitionKey cannot change', fieldPath: '.partitionKey' },
    { rule: 'has(self.sortKey) == has(oldSelf.sortKey) && (!has(self.sortKey) || self.sortKey == oldSelf.sortKey)', message: 'sortKey cannot change', fieldPath: '.sortKey' },
  ],
});

export const SECURE_TABLE_STATUS = obj('Observed outputs of the secure table.', {
  tableName: str('Name of the table.'),
  tableArn: str('ARN of the table.'),
  streamArn: str('ARN of the table\'s stream, once the provider reports it (only with streamViewType).'),
  encryptionKeyArn: str('ARN of the KMS key encrypting the table, once the EncryptionKey reports it.'),
});

/**
 * A DynamoDB table encrypted with a customer-managed key, point-in-time recovery always on, contributor insights,
 * deletion protection following spec.deletionProtection (required in prod), on-demand billing unless told.
 * Derived from the schema above (its descriptions document each field, its defaults fill them): the one
 * statement of the API's parameters.
 */
export type SecureTableParameters = Infer<typeof SECURE_TABLE_SPEC>;
/** A key of the table or of an index: an attribute name and its scalar type (S, N or B). */
export type KeyAttribute = SecureTableParameters['partitionKey'];
/** What a SecureTable reports, derived from its status schema. */
export type SecureTableStatus = Infer<typeof SECURE_TABLE_STATUS>;
