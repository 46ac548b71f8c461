/**
 * What a SecureFunction reads from the other platform resources it names: each is a function requirement (the
 * XR of that kind and name in the same namespace), and what it has not reported yet is collected so that the
 * function says what it waits for instead of failing. Pure: everything comes from the ComposeInput.
 */
import type { KubeObject, RequiredResource } from '../../lib/composer';
import { defined } from '../../lib/composer';
import { API_GROUP_VERSION } from '../../lib/platform';
import { KIND as AURORA_DATABASE_KIND } from '../aurora-database/composer';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { KIND as MANAGED_SECRET_KIND } from '../managed-secret/composer';
import { unqualifiedFunctionArn } from '../managed-secret/secret-policy';
import { KIND as SECURE_BUCKET_KIND } from '../secure-bucket/composer';
import { KIND as SECURE_TABLE_KIND } from '../secure-table/composer';
import type { ResolvedEncrypted } from './function-policy';
import type { LocalReference, SecureFunctionParameters } from './parameters';

/** Requirement names: one per referenced platform resource, keyed by kind and name. */
export const requirementName = {
  network: 'network',
  bucket: (name: string) => `bucket-${name}`,
  table: (name: string) => `table-${name}`,
  secret: (name: string) => `secret-${name}`,
  key: (name: string) => `key-${name}`,
  function: (name: string) => `function-${name}`,
  database: (name: string) => `database-${name}`,
};

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The requirements a composition asks for, what they returned, and what is still awaited. */
export class References {
  readonly requirements: Record<string, RequiredResource> = {};
  /** What is not resolved yet: each entry names the resource and the field awaited. */
  readonly missing: string[] = [];

  constructor(readonly namespace: string, private readonly required: Readonly<Record<string, readonly KubeObject[]>>) {}

  /** Asks for the XR `kind`/`matchName` under requirement `key`; returns it once the function has been given it. */
  need(key: string, kind: string, matchName: string): KubeObject | undefined {
    this.requirements[key] = { apiVersion: API_GROUP_VERSION, kind, matchName, namespace: this.namespace };
    return this.required[key]?.[0];
  }

  /** Reads status fields of a required XR, noting it (or each field) as missing until reported. */
  lookup(what: string, object: KubeObject | undefined, fields: string[]): Record<string, string | undefined> {
    if (!object) {
      this.missing.push(`${what} (not found in namespace ${this.namespace})`);
      return {};
    }
    const got = Object.fromEntries(fields.map((f) => [f, str(object.status?.[f])]));
    const absent = fields.filter((f) => !got[f]);
    if (absent.length) this.missing.push(`${what} (status.${absent.join(', status.')})`);
    return got;
  }

  /** A bucket, table or secret to use: its ARN once known (else left out), and its key's ARN once known. */
  encrypted(kind: string, r: LocalReference, object: KubeObject | undefined, arnField: string): ResolvedEncrypted[] {
    const got = this.lookup(`${kind} ${r.name}`, object, [arnField, 'encryptionKeyArn']);
    return got[arnField] ? [{ arn: got[arnField]!, ...defined({ keyArn: got.encryptionKeyArn }) }] : [];
  }

  bucket(r: LocalReference): KubeObject | undefined {
    return this.need(requirementName.bucket(r.name), SECURE_BUCKET_KIND, r.name);
  }

  keyArnOf(keyName: string): string | undefined {
    return this.lookup(`${ENCRYPTION_KEY_KIND} ${keyName}`, this.need(requirementName.key(keyName), ENCRYPTION_KEY_KIND, keyName), ['keyArn']).keyArn;
  }
}

/** The ARNs the execution role's policy names for spec.permissions (read, write, decrypt, invoke). */
export interface ResolvedPermissions {
  readonly readBuckets: ResolvedEncrypted[];
  readonly writeBuckets: ResolvedEncrypted[];
  readonly readTables: ResolvedEncrypted[];
  readonly writeTables: ResolvedEncrypted[];
  readonly readSecrets: ResolvedEncrypted[];
  readonly decryptKeyArns: string[];
  readonly invokeFunctionArns: string[];
}

export function resolvePermissions(refs: References, perms: SecureFunctionParameters['permissions'], roleArn: string, functionKind: string, warnings: string[]): ResolvedPermissions {
  const readBuckets = (perms.readBuckets ?? []).flatMap((r) => refs.encrypted(SECURE_BUCKET_KIND, r, refs.bucket(r), 'bucketArn'));
  const writeBuckets = (perms.writeBuckets ?? []).flatMap((r) => refs.encrypted(SECURE_BUCKET_KIND, r, refs.bucket(r), 'bucketArn'));
  // A table's key is needed as much as its ARN: DynamoDB uses it with the caller's identity.
  const table = (r: LocalReference) => refs.encrypted(SECURE_TABLE_KIND, r, refs.need(requirementName.table(r.name), SECURE_TABLE_KIND, r.name), 'tableArn');
  const readTables = (perms.readTables ?? []).flatMap(table);
  const writeTables = (perms.writeTables ?? []).flatMap(table);
  const readSecrets = (perms.readSecrets ?? []).flatMap((r) => {
    const secret = refs.need(requirementName.secret(r.name), MANAGED_SECRET_KIND, r.name);
    const allowed: unknown = secret?.spec?.allowedRoleArns;
    if (secret && Array.isArray(allowed) && !allowed.includes(roleArn)) {
      warnings.push(`ManagedSecret ${r.name} does not list ${roleArn} in spec.allowedRoleArns: its resource policy denies the function reading it`);
    }
    return refs.encrypted(MANAGED_SECRET_KIND, r, secret, 'secretArn');
  });
  const decryptKeyArns = (perms.decryptWith ?? []).flatMap((r) => refs.keyArnOf(r.name) ?? []);
  const invokeFunctionArns = (perms.invokeFunctions ?? []).flatMap((r) => refs.lookup(`${functionKind} ${r.name}`, refs.need(requirementName.function(r.name), functionKind, r.name), ['functionArn']).functionArn ?? []);
  return { readBuckets, writeBuckets, readTables, writeTables, readSecrets, decryptKeyArns, invokeFunctionArns };
}

/** Progress of one part (triggers, rotation, databases): problems to report, and whether one needs the user. */
export interface PartProgress {
  readonly problems: string[];
  /** Set when the part cannot be composed until the user changes something (not merely waiting). */
  conflict: boolean;
}

/**
 * Why this function cannot rotate a ManagedSecret, if it cannot: the secret must be Generated (a value taken from a
 * Kubernetes Secret is rotated at its source), in the function's region (Secrets Manager invokes rotation
 * functions of its own region), name exactly this function's unqualified ARN in spec.rotationLambdaArn (the ARN
 * Secrets Manager invokes and the permission admits), and leave its policy's exemption from the read and write
 * denies on this function's execution role (spec.rotationRoleArn unset, or that role).
 */
function rotationConflictOf(secretName: string, secret: KubeObject, region: string, functionArn: string, roleArn: string): string | undefined {
  const what = `ManagedSecret ${secretName}`;
  // The ManagedSecret's schema defaults source to Generated.
  const source: unknown = secret.spec?.source ?? 'Generated';
  if (source !== 'Generated') return `${what} takes its value from a Kubernetes Secret (spec.source ${String(source)}): it is rotated at its source, not by a function; remove it from spec.permissions.rotateSecrets`;
  if (secret.spec?.region !== region) return `${what} is in region ${String(secret.spec?.region)}, the function in ${region}: Secrets Manager invokes rotation functions of its own region only`;
  const named: unknown = secret.spec?.rotationLambdaArn;
  if (named !== functionArn) {
    const qualified = typeof named === 'string' && named !== unqualifiedFunctionArn(named) && unqualifiedFunctionArn(named) === functionArn;
    return `${what} names ${typeof named === 'string' ? named : 'no function'} in spec.rotationLambdaArn, not this function: set it to ${functionArn}${qualified ? ' (unqualified: the permission Secrets Manager needs is on the function, not on a version or alias)' : ''}, or remove the secret from spec.permissions.rotateSecrets`;
  }
  // Unset, the ManagedSecret exempts the role named after the function (path /): this function's execution role.
  const exempted: unknown = secret.spec?.rotationRoleArn;
  if (exempted !== undefined && exempted !== roleArn) {
    return `${what} exempts ${String(exempted)} (spec.rotationRoleArn) from its read and write denies, not this function's execution role ${roleArn}: its policy would deny the rotation writing the value; remove spec.rotationRoleArn from the secret or set it to ${roleArn}`;
  }
  return undefined;
}

/** A secret this function rotates, resolved. */
export type RotatedSecret = ResolvedEncrypted & { readonly name: string };

/**
 * Secrets this function rotates. A secret must name this function as its rotation function (what Secrets Manager
 * invokes) and exempt this function's role from its read and write denies. Granting write access to a secret
 * rotated by another function (or by none) would only widen this role, so such a secret is refused.
 */
export function resolveRotatedSecrets(refs: References, p: SecureFunctionParameters, at: { functionArn: string; roleArn: string }, warnings: string[]): { secrets: RotatedSecret[]; progress: PartProgress } {
  const progress: PartProgress = { problems: [], conflict: false };
  const secrets: RotatedSecret[] = [];
  for (const r of p.permissions.rotateSecrets ?? []) {
    const secret = refs.need(requirementName.secret(r.name), MANAGED_SECRET_KIND, r.name);
    const conflict = secret ? rotationConflictOf(r.name, secret, p.region, at.functionArn, at.roleArn) : undefined;
    if (conflict) {
      progress.problems.push(conflict);
      warnings.push(conflict);
      progress.conflict = true;
      continue;
    }
    const [resolved] = refs.encrypted(MANAGED_SECRET_KIND, r, secret, 'secretArn');
    if (!resolved) {
      progress.problems.push(secret ? `ManagedSecret ${r.name} has not reported status.secretArn yet` : `ManagedSecret ${r.name} was not found in namespace ${refs.namespace}`);
      continue;
    }
    secrets.push({ name: r.name, ...resolved });
  }
  return { secrets, progress };
}

/** A database the function connects to, once it has reported its security group and port. */
export interface ConnectedDatabase {
  readonly name: string;
  readonly securityGroupId: string;
  readonly port: number;
}

/** Databases the function connects to: their master user secret (role policy) and network path (security groups). */
export function resolveDatabases(refs: References, p: SecureFunctionParameters, warnings: string[]): { databases: ConnectedDatabase[]; secrets: ResolvedEncrypted[]; progress: PartProgress } {
  const progress: PartProgress = { problems: [], conflict: false };
  const secrets: ResolvedEncrypted[] = [];
  const databases: ConnectedDatabase[] = [];
  for (const r of p.permissions.connectDatabases ?? []) {
    const what = `${AURORA_DATABASE_KIND} ${r.name}`;
    const database = refs.need(requirementName.database(r.name), AURORA_DATABASE_KIND, r.name);
    if (!database) {
      refs.missing.push(`${what} (not found in namespace ${refs.namespace})`);
      progress.problems.push(`${what} was not found in namespace ${refs.namespace}`);
      continue;
    }
    // Security groups reference each other within a VPC only (or across peering, which no Network sets up).
    const databaseNetwork: unknown = database.spec?.networkRef?.name;
    if (databaseNetwork !== p.networkRef.name) {
      const message = `${what} is in Network ${String(databaseNetwork)}, the function in Network ${p.networkRef.name}: security groups of different VPCs cannot admit each other; run the function in the database's Network`;
      progress.problems.push(message);
      warnings.push(message);
      progress.conflict = true;
      continue;
    }
    // RDS encrypts the master user secret with the database's key (AuroraDatabase masterUserSecretKmsKeyId).
    const secretArn = refs.lookup(what, database, ['masterUserSecretArn']).masterUserSecretArn;
    const databaseKeyName: unknown = database.spec?.encryptionKeyRef?.name;
    const databaseKeyArn = typeof databaseKeyName === 'string' ? refs.keyArnOf(databaseKeyName) : undefined;
    if (secretArn) secrets.push({ arn: secretArn, ...defined({ keyArn: databaseKeyArn }) });
    const securityGroupId = str(database.status?.securityGroupId);
    const port: unknown = database.status?.port;
    const awaited = [...(securityGroupId ? [] : ['status.securityGroupId']), ...(Number.isInteger(port) ? [] : ['status.port'])];
    if (awaited.length) {
      progress.problems.push(`${what} has not reported ${awaited.join(' and ')} yet`);
      continue;
    }
    databases.push({ name: r.name, securityGroupId: securityGroupId!, port: port as number });
  }
  return { databases, secrets, progress };
}
