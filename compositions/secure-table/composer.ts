/**
 * SecureTable → a DynamoDB table (encrypted with the environment's customer-managed key, point-in-time recovery
 * always on, deletion protection following spec.deletionProtection, on-demand billing unless told, optional
 * stream and TTL), its Contributor Insights, and a Usage that keeps the EncryptionKey from being deleted while
 * the table exists.
 */
import { DynamodbContributorInsights, DynamodbTable } from '../../imports/aws-dynamodb-dynamodb.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, InputError, reported, type ComposeInput, type Composition, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency } from '../encryption-key/dependency';
import type { KeyAttribute, SecureTableParameters, SecureTableStatus } from './parameters';

export const KIND = 'SecureTable';
/** The EncryptionKey service the table's key must admit. */

export function tableNameOf(xrName: string, p: Pick<SecureTableParameters, 'environment' | 'tableName'>): string {
  return p.tableName ?? `${p.environment}-${xrName}`;
}

/**
 * The attribute definitions of the table: every attribute used as a key of the table or of an index, once.
 * DynamoDB gives an attribute one type, so an attribute used with two types is an input error naming where.
 */
export function attributeDefinitions(p: Pick<SecureTableParameters, 'partitionKey' | 'sortKey' | 'globalSecondaryIndexes'>): Array<{ name: string; type: string }> {
  const seen = new Map<string, { type: string; field: string }>();
  const use = (k: KeyAttribute | undefined, field: string) => {
    if (!k) return;
    const before = seen.get(k.name);
    if (before && before.type !== k.type) {
      throw new InputError(`${field}.type`, `attribute "${k.name}" is ${k.type} here but ${before.type} in ${before.field}; an attribute has one type in a table`);
    }
    if (!before) seen.set(k.name, { type: k.type, field });
  };
  use(p.partitionKey, 'spec.partitionKey');
  if (p.sortKey?.name === p.partitionKey.name) throw new InputError('spec.sortKey.name', `the sort key must differ from the partition key "${p.partitionKey.name}"`);
  use(p.sortKey, 'spec.sortKey');
  (p.globalSecondaryIndexes ?? []).forEach((g, i) => {
    const at = `spec.globalSecondaryIndexes[${i}]`;
    if (g.sortKey?.name === g.partitionKey.name) throw new InputError(`${at}.sortKey.name`, `the sort key of index ${g.name} must differ from its partition key`);
    use(g.partitionKey, `${at}.partitionKey`);
    use(g.sortKey, `${at}.sortKey`);
  });
  return [...seen.entries()].map(([name, { type }]) => ({ name, type }));
}

export function composeSecureTable({ xr, observed, required }: ComposeInput<SecureTableParameters>): Composition<SecureTableStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const tableName = tableNameOf(name, p);
  const attributes = attributeDefinitions(p);
  const provisioned = p.billingMode === 'PROVISIONED';
  const kit = new ComposerKit(KIND, xr);

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required, { name: 'dynamodb', what: 'DynamoDB' });
  const keyArn = dependency.arnFor(observed.table, 'serverSideEncryption.kmsKeyArn');

  // The table is created with its key or not at all (no table is ever encrypted with the AWS-owned key first).
  // The table name is the external name of a dynamodb Table.
  if (keyArn) kit.add('table', DynamodbTable, {
    region: p.region,
    billingMode: p.billingMode,
    ...(provisioned ? { readCapacity: p.readCapacity, writeCapacity: p.writeCapacity } : {}),
    hashKey: p.partitionKey.name,
    ...(p.sortKey ? { rangeKey: p.sortKey.name } : {}),
    attribute: attributes,
    ...(p.globalSecondaryIndexes?.length ? {
      globalSecondaryIndex: p.globalSecondaryIndexes.map((g) => ({
        name: g.name,
        // hashKey/rangeKey, not keySchema (v2.6.0's recommended form): provider-aws v2.5.0's terraform-provider-aws
        // fork has hashicorp/terraform-provider-aws#46322 (fixed by #47427): plan validation takes an unset index key
        // as "" (upjet leaves none null) and refuses it ("Unmatched indexes: [\"\"]"). With keySchema that is every
        // index (hash_key ""), with hashKey/rangeKey only an index without a sort key. The v2.6.0 CRD takes both forms.
        hashKey: g.partitionKey.name,
        ...(g.sortKey ? { rangeKey: g.sortKey.name } : {}),
        projectionType: g.projectionType,
        ...(g.nonKeyAttributes ? { nonKeyAttributes: [...g.nonKeyAttributes] } : {}),
        ...(provisioned ? { readCapacity: g.readCapacity ?? p.readCapacity, writeCapacity: g.writeCapacity ?? p.writeCapacity } : {}),
      })),
    } : {}),
    serverSideEncryption: {
      enabled: true,
      // The ARN itself, not a key selector: see composedKeyArn.
      kmsKeyArn: keyArn,
    },
    // Point-in-time recovery has no switch: a table without continuous backups is not a secure table.
    pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: p.pointInTimeRecoveryDays },
    deletionProtectionEnabled: p.deletionProtection,
    ...(p.streamViewType ? { streamEnabled: true, streamViewType: p.streamViewType } : { streamEnabled: false }),
    ...(p.ttlAttribute ? { ttl: { enabled: true, attributeName: p.ttlAttribute } } : {}),
    tags: kit.tags,
  }, { externalName: tableName });
  if (keyArn && p.contributorInsights) kit.add('table-contributor-insights', DynamodbContributorInsights, { region: p.region, tableNameSelector: sameXrSelector('table') });
  // The key must outlive the table: Crossplane refuses to delete the EncryptionKey while this SecureTable exists.
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, `SecureTable ${name} stores data encrypted with this key`);

  const conditions: XrCondition[] = [dependency.condition(`The table is encrypted with ${keyArn}`)];
  const warnings = dependency.warnings;

  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: reported<SecureTableStatus>({
      tableName,
      tableArn: atProvider(observed.table, 'arn') ?? `arn:aws:dynamodb:${p.region}:${p.accountId}:table/${tableName}`,
      streamArn: p.streamViewType ? atProvider(observed.table, 'streamArn') : undefined,
      encryptionKeyArn: keyArn,
    }),
  };
}
