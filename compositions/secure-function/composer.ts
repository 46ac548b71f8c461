/**
 * SecureFunction → a Lambda function in the private subnets of a Network, behind its own security group (HTTPS
 * out, and each connected database's port to that database's group only; nothing in); an execution role whose
 * inline policy is generated from the baseline and the declared permissions (explicit actions on the ARNs of the
 * named platform resources, resolved through function requirements); environment variables, its log group and
 * its dead-letter topic encrypted with the EncryptionKey's CMK; JSON logs with a retention; X-Ray tracing; bounded
 * memory and timeout (and concurrency, required in prod); failed asynchronous invocations sent to the dead-letter
 * topic (DLQ and on-failure destination) and from there to its subscribers; S3 object-created triggers; the
 * network path to the AuroraDatabases it connects to (egress on its group, ingress on theirs); Secrets Manager's
 * permission to invoke it for the ManagedSecrets it rotates; and Usages keeping the EncryptionKey, the Network and
 * those databases while the function exists.
 *
 * API Gateway permissions are not composed here: only the SecureApi knows its API id and method ARNs. It finds
 * the function by SECURE_FUNCTION_LABEL and computes its name and ARN with functionNameOf / functionArnOf.
 */
import { createHash } from 'node:crypto';
import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as lambda from '../../imports/aws-lambda-lambda.aws.m.upbound.io';
import { S3BucketNotification } from '../../imports/aws-s3-s3.aws.m.upbound.io';
import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { atProvider, defined, InputError, type ComposeInput, type Composition, type KubeObject, type RequiredResource, type XrCondition } from '../../lib/composer';
import { API_GROUP_VERSION, LABEL_PREFIX, NETWORK_LABEL, SUBNET_TIER_LABEL } from '../../lib/platform';
import { KIND as AURORA_DATABASE_KIND } from '../aurora-database/composer';
import type { Subscription } from '../compliance-monitoring/parameters';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, platformUsage } from '../encryption-key/dependency';
import { KIND as MANAGED_SECRET_KIND } from '../managed-secret/composer';
import { unqualifiedFunctionArn } from '../managed-secret/secret-policy';
import { KIND as NETWORK_KIND } from '../network/composer';
import { KIND as SECURE_BUCKET_KIND } from '../secure-bucket/composer';
import { KIND as SECURE_TABLE_KIND } from '../secure-table/composer';
import { deadLetterTopicPolicy, executionRolePolicy, trustPolicy, type ResolvedEncrypted } from './function-policy';
import {
  DEFAULT_LOG_RETENTION_DAYS, MAX_ENVIRONMENT_BYTES, MAX_FUNCTION_NAME,
  type EnvironmentVariable, type LocalReference, type S3Trigger, type SecureFunctionParameters,
} from './parameters';

export const KIND = 'SecureFunction';
/** Label on the composed Lambda function naming its SecureFunction, so other platform APIs (SecureApi) can select it. */
export const SECURE_FUNCTION_LABEL = `${LABEL_PREFIX}/secure-function`;
/** The only egress of the function's security group: HTTPS (AWS APIs through endpoints or NAT, HTTPS services). */
export const HTTPS = 443;
/** S3 events that invoke the function. */
export const S3_TRIGGER_EVENTS = ['s3:ObjectCreated:*'];
/** IAM's limit on the inline policies of a role (whitespace not counted; the policy is written without any). */
export const MAX_INLINE_POLICY_CHARACTERS = 10240;
/** The service principal that invokes rotation functions. */
export const SECRETS_MANAGER_PRINCIPAL = 'secretsmanager.amazonaws.com';
/**
 * Management policies of the resources that grant access to something outside the function (the security group
 * rules to and from a database, Secrets Manager's permission to invoke it, the dead-letter topic's subscriptions):
 * always full, prod included. They hold no data, and access removed from the spec must be revoked in AWS; with
 * prod's orphaning policies a database dropped from connectDatabases would stay reachable, and an endpoint dropped
 * from deadLetterSubscriptions would keep receiving failed events. (As for SecureApi's per-route permissions.)
 */
const ACCESS_MANAGEMENT_POLICIES = ['*'] as any[];

/**
 * Composed-resource name of a dead-letter topic subscription: stable for its endpoint whatever its position in the
 * list (reordering the list must not replace subscriptions, which would ask the endpoints to confirm again).
 */
export function deadLetterSubscriptionName(s: Subscription): string {
  return `dead-letter-subscription-${createHash('sha256').update(`${s.protocol}:${s.endpoint}`).digest('hex').slice(0, 12)}`;
}

type NamingParameters = Pick<SecureFunctionParameters, 'environment' | 'functionName'>;

/** Name of the Lambda function of a SecureFunction (also the name of its execution role). */
export function functionNameOf(xrName: string, p: NamingParameters): string {
  return p.functionName ?? `${p.environment}-${xrName}`;
}

/** ARN of the Lambda function of a SecureFunction (unqualified), known before the function exists. */
export function functionArnOf(xrName: string, p: NamingParameters & Pick<SecureFunctionParameters, 'region' | 'accountId'>): string {
  return `arn:aws:lambda:${p.region}:${p.accountId}:function:${functionNameOf(xrName, p)}`;
}

/** The execution role's ARN: it has the function's name, path `/`. */
export function roleArnOf(xrName: string, p: NamingParameters & Pick<SecureFunctionParameters, 'accountId'>): string {
  return `arn:aws:iam::${p.accountId}:role/${functionNameOf(xrName, p)}`;
}

/** Requirement names: one per referenced platform resource, keyed by kind and name. */
const requirementName = {
  network: 'network',
  bucket: (name: string) => `bucket-${name}`,
  table: (name: string) => `table-${name}`,
  secret: (name: string) => `secret-${name}`,
  key: (name: string) => `key-${name}`,
  function: (name: string) => `function-${name}`,
  database: (name: string) => `database-${name}`,
};

/** Bytes Lambda counts towards the 4 KB limit of environment variables. */
function environmentBytes(vars: readonly EnvironmentVariable[]): number {
  return vars.reduce((n, v) => n + Buffer.byteLength(v.name) + Buffer.byteLength(v.value), 0);
}

/**
 * S3 refuses a notification configuration in which two rules for the same event type can match one key: their
 * prefixes overlap (one starts with the other) and so do their suffixes (one ends with the other).
 */
function overlapping(a: S3Trigger, b: S3Trigger): boolean {
  const pa = a.prefix ?? '';
  const pb = b.prefix ?? '';
  const sa = a.suffix ?? '';
  const sb = b.suffix ?? '';
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Why this function cannot rotate a ManagedSecret, if it cannot: the secret must be Generated (a value taken from a
 * Kubernetes Secret is rotated at its source), in the function's region (Secrets Manager invokes rotation
 * functions of its own region), name exactly this function's unqualified ARN in spec.rotationLambdaArn (the ARN
 * Secrets Manager invokes and the permission below admits), and leave its policy's exemption from the read and
 * write denies on this function's execution role (spec.rotationRoleArn unset, or that role).
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

export function composeSecureFunction({ xr, observed, required }: ComposeInput<SecureFunctionParameters>): Composition {
  const p = xr.spec;
  const name = xr.metadata.name;
  const namespace = xr.metadata.namespace;
  const region = p.region;
  const account = p.accountId;

  // --- What the schema cannot check. ---
  const fn = functionNameOf(name, p);
  if (fn.length > MAX_FUNCTION_NAME || !/^[A-Za-z0-9_-]+$/.test(fn)) {
    throw new InputError('spec.functionName', `function name "${fn}" must be at most ${MAX_FUNCTION_NAME} letters, digits, hyphens and underscores: set spec.functionName`);
  }
  // The API server enforces unique names (list-map keys); the function checks again for renders without it.
  p.environmentVariables.forEach((v, i) => {
    const j = p.environmentVariables.findIndex((u) => u.name === v.name);
    if (j < i) throw new InputError(`spec.environmentVariables[${i}].name`, `${v.name} is already set by spec.environmentVariables[${j}]`);
  });
  const envBytes = environmentBytes(p.environmentVariables);
  if (envBytes > MAX_ENVIRONMENT_BYTES) {
    throw new InputError('spec.environmentVariables', `names and values take ${envBytes} bytes; Lambda allows ${MAX_ENVIRONMENT_BYTES} in total`);
  }
  const s3Triggers = p.triggers.s3 ?? [];
  s3Triggers.forEach((t, i) => {
    const j = s3Triggers.findIndex((u, k) => k < i && u.bucketRef.name === t.bucketRef.name && overlapping(t, u));
    if (j >= 0) throw new InputError(`spec.triggers.s3[${i}]`, `overlaps spec.triggers.s3[${j}] on SecureBucket ${t.bucketRef.name}: S3 refuses two object-created rules whose prefixes and suffixes can match the same key`);
  });
  // The schema cannot see the XR's name. A function that may invoke itself is one bug away from a recursive loop.
  (p.permissions.invokeFunctions ?? []).forEach((r, i) => {
    if (r.name === name) throw new InputError(`spec.permissions.invokeFunctions[${i}].name`, `names this SecureFunction (${name}) itself: a function invoking itself risks a recursive loop`);
  });

  const logGroupName = `/aws/lambda/${fn}`;
  const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:${logGroupName}`;
  const topicName = `${fn}-dlq`;
  const topicArn = `arn:aws:sns:${region}:${account}:${topicName}`;
  const roleArn = roleArnOf(name, p);
  const functionArn = functionArnOf(name, p);
  const tags = awsTags(p);

  // Spread into each spec literal so TypeScript checks every forProvider field against the generated types.
  const base = { managementPolicies: managementPolicies<any>(p), providerConfigRef: p.providerConfigRef };
  const labels = (component: string, extra: Record<string, string> = {}) => ({ labels: { ...componentLabels(KIND, name, component), ...extra } });
  const externalName = (component: string, id: string, extra: Record<string, string> = {}) => ({ ...labels(component, extra), annotations: { 'crossplane.io/external-name': id } });

  // --- Referenced platform resources, read through requirements. ---
  const requirements: Record<string, RequiredResource> = {};
  const need = (key: string, kind: string, matchName: string) => {
    requirements[key] = { apiVersion: API_GROUP_VERSION, kind, matchName, namespace };
    return required[key]?.[0];
  };
  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, namespace, required, { name: 'lambda', what: 'Lambda (environment variables)' });
  Object.assign(requirements, dependency.requirements);
  const warnings = [...dependency.warnings];
  const keyServices: unknown = dependency.key?.spec?.services ?? [];
  if (dependency.key && Array.isArray(keyServices) && !keyServices.includes('logs')) {
    warnings.push(`EncryptionKey ${p.encryptionKeyRef.name} does not list logs in spec.services: CloudWatch Logs cannot encrypt the function's log group ${logGroupName} with it`);
  }
  // Once the log group or the topic exists, its key stays known even if the EncryptionKey's status is momentarily
  // incomplete, so the function and its topic are never dropped from the composition (which would delete them).
  const keyArn = dependency.arnFor(observed['log-group'], 'kmsKeyId') ?? atProvider(observed['dead-letter-topic'], 'kmsMasterKeyId');

  /** What is not resolved yet: each entry names the resource and the field awaited. */
  const missing: string[] = [];
  const lookup = (what: string, object: KubeObject | undefined, fields: string[]): Record<string, string | undefined> => {
    if (!object) {
      missing.push(`${what} (not found in namespace ${namespace})`);
      return {};
    }
    const got = Object.fromEntries(fields.map((f) => [f, str(object.status?.[f])]));
    const absent = fields.filter((f) => !got[f]);
    if (absent.length) missing.push(`${what} (status.${absent.join(', status.')})`);
    return got;
  };
  if (!keyArn) missing.push(`EncryptionKey ${p.encryptionKeyRef.name} (status.keyArn)`);
  const network = lookup(`Network ${p.networkRef.name}`, need(requirementName.network, NETWORK_KIND, p.networkRef.name), ['vpcId']);
  const vpcArn = network.vpcId ? `arn:aws:ec2:${region}:${account}:vpc/${network.vpcId}` : undefined;

  const bucket = (r: LocalReference) => need(requirementName.bucket(r.name), SECURE_BUCKET_KIND, r.name);
  /** A bucket or secret to use: its ARN once known (else left out), and its key ARN once known. */
  const encrypted = (kind: string, r: LocalReference, object: KubeObject | undefined, arnField: string): ResolvedEncrypted[] => {
    const got = lookup(`${kind} ${r.name}`, object, [arnField, 'encryptionKeyArn']);
    return got[arnField] ? [{ arn: got[arnField]!, ...defined({ keyArn: got.encryptionKeyArn }) }] : [];
  };
  const perms = p.permissions;
  const readBuckets = (perms.readBuckets ?? []).flatMap((r) => encrypted(SECURE_BUCKET_KIND, r, bucket(r), 'bucketArn'));
  const writeBuckets = (perms.writeBuckets ?? []).flatMap((r) => encrypted(SECURE_BUCKET_KIND, r, bucket(r), 'bucketArn'));
  // A table's key is needed as much as its ARN: DynamoDB uses it with the caller's identity.
  const table = (r: LocalReference) => encrypted(SECURE_TABLE_KIND, r, need(requirementName.table(r.name), SECURE_TABLE_KIND, r.name), 'tableArn');
  const readTables = (perms.readTables ?? []).flatMap(table);
  const writeTables = (perms.writeTables ?? []).flatMap(table);
  const readSecrets = (perms.readSecrets ?? []).flatMap((r) => {
    const secret = need(requirementName.secret(r.name), MANAGED_SECRET_KIND, r.name);
    const allowed: unknown = secret?.spec?.allowedRoleArns;
    if (secret && Array.isArray(allowed) && !allowed.includes(roleArn)) {
      warnings.push(`ManagedSecret ${r.name} does not list ${roleArn} in spec.allowedRoleArns: its resource policy denies the function reading it`);
    }
    return encrypted(MANAGED_SECRET_KIND, r, secret, 'secretArn');
  });
  const keyArnOf = (keyName: string) => lookup(`${ENCRYPTION_KEY_KIND} ${keyName}`, need(requirementName.key(keyName), ENCRYPTION_KEY_KIND, keyName), ['keyArn']).keyArn;
  const decryptKeyArns = (perms.decryptWith ?? []).flatMap((r) => keyArnOf(r.name) ?? []);
  const invokeFunctionArns = (perms.invokeFunctions ?? []).flatMap((r) => lookup(`${KIND} ${r.name}`, need(requirementName.function(r.name), KIND, r.name), ['functionArn']).functionArn ?? []);

  // --- Secrets this function rotates. A secret must name this function as its rotation function (what Secrets
  // Manager invokes) and exempt this function's role from its read and write denies. Granting write access to a
  // secret rotated by another function (or by none) would only widen this role, so such a secret is refused. ---
  const rotationProblems: string[] = [];
  let rotationConflict = false;
  const rotateSecrets: Array<ResolvedEncrypted & { readonly name: string }> = [];
  for (const r of perms.rotateSecrets ?? []) {
    const secret = need(requirementName.secret(r.name), MANAGED_SECRET_KIND, r.name);
    const conflict = secret ? rotationConflictOf(r.name, secret, region, functionArn, roleArn) : undefined;
    if (conflict) {
      rotationProblems.push(conflict);
      warnings.push(conflict);
      rotationConflict = true;
      continue;
    }
    const [resolved] = encrypted(MANAGED_SECRET_KIND, r, secret, 'secretArn');
    if (!resolved) {
      rotationProblems.push(secret ? `ManagedSecret ${r.name} has not reported status.secretArn yet` : `ManagedSecret ${r.name} was not found in namespace ${namespace}`);
      continue;
    }
    rotateSecrets.push({ name: r.name, ...resolved });
  }

  // --- Databases the function connects to: their master user secret (role policy) and network path (below). ---
  const databaseProblems: string[] = [];
  let databaseConflict = false;
  const databaseSecrets: ResolvedEncrypted[] = [];
  const databases: Array<{ readonly name: string; readonly securityGroupId: string; readonly port: number }> = [];
  for (const r of perms.connectDatabases ?? []) {
    const what = `${AURORA_DATABASE_KIND} ${r.name}`;
    const database = need(requirementName.database(r.name), AURORA_DATABASE_KIND, r.name);
    if (!database) {
      missing.push(`${what} (not found in namespace ${namespace})`);
      databaseProblems.push(`${what} was not found in namespace ${namespace}`);
      continue;
    }
    // Security groups reference each other within a VPC only (or across peering, which no Network sets up).
    const databaseNetwork: unknown = database.spec?.networkRef?.name;
    if (databaseNetwork !== p.networkRef.name) {
      const message = `${what} is in Network ${String(databaseNetwork)}, the function in Network ${p.networkRef.name}: security groups of different VPCs cannot admit each other; run the function in the database's Network`;
      databaseProblems.push(message);
      warnings.push(message);
      databaseConflict = true;
      continue;
    }
    // RDS encrypts the master user secret with the database's key (AuroraDatabase masterUserSecretKmsKeyId).
    const secretArn = lookup(what, database, ['masterUserSecretArn']).masterUserSecretArn;
    const databaseKeyName: unknown = database.spec?.encryptionKeyRef?.name;
    const databaseKeyArn = typeof databaseKeyName === 'string' ? keyArnOf(databaseKeyName) : undefined;
    if (secretArn) databaseSecrets.push({ arn: secretArn, ...defined({ keyArn: databaseKeyArn }) });
    const securityGroupId = str(database.status?.securityGroupId);
    const port: unknown = database.status?.port;
    const awaited = [...(securityGroupId ? [] : ['status.securityGroupId']), ...(Number.isInteger(port) ? [] : ['status.port'])];
    if (awaited.length) {
      databaseProblems.push(`${what} has not reported ${awaited.join(' and ')} yet`);
      continue;
    }
    databases.push({ name: r.name, securityGroupId: securityGroupId!, port: port as number });
  }

  const hasVariables = p.environmentVariables.length > 0;
  const policy = JSON.stringify(executionRolePolicy({
    region, accountId: account, logGroupArn, deadLetterTopicArn: topicArn, ...defined({ functionKeyArn: keyArn, vpcArn }), encryptsEnvironment: hasVariables,
    readBuckets, writeBuckets, readTables, writeTables, readSecrets, decryptKeyArns, invokeFunctionArns, rotateSecrets, databaseSecrets,
  }));
  if (policy.length > MAX_INLINE_POLICY_CHARACTERS) {
    throw new InputError('spec.permissions', `the execution role's policy for these permissions takes ${policy.length} characters; IAM allows ${MAX_INLINE_POLICY_CHARACTERS} in a role's inline policies: split the function or name fewer resources`);
  }

  const resources: Record<string, KubeObject> = {};

  // --- Network placement: the Network's private subnets, a security group of its own in the Network's VPC. ---
  resources['security-group'] = ec2.Ec2SecurityGroup.manifest({
    metadata: labels('security-group'),
    spec: {
      ...base,
      forProvider: {
        region,
        name: `lambda-${fn}`,
        // Fixed when the group is created (EC2 cannot change it, a new one would replace the group): the database
        // egress rules below are the only other way out, each labelled egress-database-<name>.
        description: `Lambda function ${fn}: HTTPS out only, nothing in`,
        vpcIdSelector: { matchLabels: { [NETWORK_LABEL]: p.networkRef.name, [`${LABEL_PREFIX}/component`]: 'vpc' } },
        // The provider removes the allow-all egress rule AWS adds to a new group; egress is the rule below only.
        revokeRulesOnDelete: true,
        tags,
      },
    },
  });
  // No ingress rule: nothing connects to a Lambda function's interfaces (invocations come through the Lambda
  // service). The one egress to anywhere: HTTPS, to AWS APIs (interface endpoints, the S3 gateway endpoint's public
  // ranges, NAT) and HTTPS services; besides it only the database rules below, each to one database's group on its
  // port. DNS to the VPC resolver is not subject to security groups.
  resources['egress-https'] = ec2.Ec2SecurityGroupEgressRule.manifest({
    metadata: labels('egress-https'),
    spec: {
      ...base,
      forProvider: {
        region, securityGroupIdSelector: sameXrSelector('security-group'),
        cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: HTTPS, toPort: HTTPS,
        description: 'HTTPS out (AWS APIs, HTTPS services); nothing else',
        tags,
      },
    },
  });

  // --- Databases: one egress rule on the function's group to the database's group, and the matching ingress rule
  // on the database's group from the function's, both on the database port only. The AuroraDatabase admits nothing
  // else (its allowedSecurityGroupIds aside); the ingress rule belongs to this function and goes with it. ---
  for (const d of databases) {
    resources[`egress-database-${d.name}`] = ec2.Ec2SecurityGroupEgressRule.manifest({
      metadata: labels(`egress-database-${d.name}`),
      spec: {
        ...base,
        managementPolicies: ACCESS_MANAGEMENT_POLICIES,
        forProvider: {
          region, securityGroupIdSelector: sameXrSelector('security-group'), referencedSecurityGroupId: d.securityGroupId,
          ipProtocol: 'tcp', fromPort: d.port, toPort: d.port,
          description: `To AuroraDatabase ${d.name} on port ${d.port}`,
          tags,
        },
      },
    });
    resources[`ingress-database-${d.name}`] = ec2.Ec2SecurityGroupIngressRule.manifest({
      metadata: labels(`ingress-database-${d.name}`),
      spec: {
        ...base,
        managementPolicies: ACCESS_MANAGEMENT_POLICIES,
        forProvider: {
          region, securityGroupId: d.securityGroupId, referencedSecurityGroupIdSelector: sameXrSelector('security-group'),
          ipProtocol: 'tcp', fromPort: d.port, toPort: d.port,
          description: `From Lambda function ${fn} (SecureFunction ${name}) on port ${d.port}`,
          tags,
        },
      },
    });
  }

  // --- Execution role and its generated policy (no AWS managed policy is attached). ---
  resources.role = iam.IamRole.manifest({
    metadata: externalName('role', fn),
    spec: {
      ...base,
      forProvider: {
        description: `Execution role of Lambda function ${fn}`,
        path: '/',
        assumeRolePolicy: JSON.stringify(trustPolicy(account)),
        maxSessionDuration: 3600,
        // Policies attached by hand are removed with the role instead of blocking its deletion.
        forceDetachPolicies: true,
        ...defined({ permissionsBoundary: p.permissionsBoundaryArn }),
        tags,
      },
    },
  });
  resources['role-policy'] = iam.IamRolePolicy.manifest({
    metadata: labels('role-policy'),
    spec: { ...base, forProvider: { roleSelector: sameXrSelector('role'), policy } },
  });

  // --- Log group, created (encrypted, with a retention) before Lambda would create one without either; with the
  // key's ARN itself, not a key selector (see composedKeyArn). ---
  if (keyArn) resources['log-group'] = LogsGroup.manifest({
    metadata: externalName('log-group', logGroupName),
    spec: {
      ...base,
      forProvider: {
        region,
        kmsKeyId: keyArn,
        retentionInDays: p.logRetentionDays ?? (p.tier === 'prod' ? DEFAULT_LOG_RETENTION_DAYS.prod : DEFAULT_LOG_RETENTION_DAYS.other),
        deletionProtectionEnabled: p.deletionProtection,
        tags,
      },
    },
  });

  // --- The function and what needs the key's ARN: the dead-letter topic's key has no selector, so the topic,
  // and with it the function (never without its dead-letter target), wait for the EncryptionKey's ARN. ---
  if (keyArn) {
    resources['dead-letter-topic'] = sns.SnsTopic.manifest({
      metadata: externalName('dead-letter-topic', topicName),
      spec: {
        ...base,
        forProvider: {
          region,
          displayName: `Failed asynchronous invocations of ${fn}`.slice(0, 100),
          kmsMasterKeyId: keyArn,
          tags,
        },
      },
    });
    resources['dead-letter-topic-policy'] = sns.SnsTopicPolicy.manifest({
      metadata: labels('dead-letter-topic-policy'),
      spec: {
        ...base,
        forProvider: {
          region,
          arnSelector: sameXrSelector('dead-letter-topic'),
          policy: JSON.stringify(deadLetterTopicPolicy({ accountId: account, topicArn, roleArn })),
        },
      },
    });

    // SNS delivers what the topic receives to each subscriber (decrypting it itself); it stores nothing, so
    // without a subscriber a failed event is only counted. prod requires one (schema).
    for (const s of p.deadLetterSubscriptions) {
      const component = deadLetterSubscriptionName(s);
      resources[component] = sns.SnsTopicSubscription.manifest({
        metadata: labels(component),
        spec: {
          ...base,
          managementPolicies: ACCESS_MANAGEMENT_POLICIES,
          forProvider: { region, topicArnSelector: sameXrSelector('dead-letter-topic'), protocol: s.protocol, endpoint: s.endpoint },
        },
      });
    }

    resources.function = lambda.LambdaFunction.manifest({
      metadata: externalName('function', fn, { [SECURE_FUNCTION_LABEL]: name }),
      spec: {
        ...base,
        forProvider: {
          region,
          ...defined({ description: p.description }),
          ...(p.code.s3
            ? {
              packageType: 'Zip', runtime: p.runtime, handler: p.handler,
              s3Bucket: p.code.s3.bucket, s3Key: p.code.s3.key, ...defined({ s3ObjectVersion: p.code.s3.objectVersion }),
            }
            : { packageType: 'Image', imageUri: p.code.imageUri }),
          architectures: [p.architecture],
          memorySize: p.memorySize,
          timeout: p.timeout,
          // Unset outside prod unless given: a reservation must leave 10 unreserved executions in the account.
          ...defined({ reservedConcurrentExecutions: p.reservedConcurrency }),
          roleSelector: sameXrSelector('role'),
          vpcConfig: {
            subnetIdSelector: { matchLabels: { [NETWORK_LABEL]: p.networkRef.name, [SUBNET_TIER_LABEL]: 'private' } },
            securityGroupIdSelector: sameXrSelector('security-group'),
            ipv6AllowedForDualStack: false,
          },
          // Lambda keeps a KMS key only together with environment variables (setting one without them would be a
          // change the provider tries to make on every reconcile).
          ...(hasVariables ? { environment: { variables: Object.fromEntries(p.environmentVariables.map((v) => [v.name, v.value])) }, kmsKeyArn: keyArn } : {}),
          tracingConfig: { mode: 'Active' },
          loggingConfig: {
            logFormat: 'JSON',
            logGroupSelector: sameXrSelector('log-group'),
            applicationLogLevel: p.applicationLogLevel,
            systemLogLevel: p.systemLogLevel,
          },
          // Events that fail every retry: the dead-letter queue receives the event itself...
          deadLetterConfig: { targetArn: topicArn },
          tags,
        },
      },
    });
    // ...and the on-failure destination an invocation record (event, error, retries), also for expired events.
    resources['event-invoke-config'] = lambda.LambdaFunctionEventInvokeConfig.manifest({
      metadata: labels('event-invoke-config'),
      spec: {
        ...base,
        forProvider: {
          region,
          functionName: fn,
          maximumRetryAttempts: p.asyncInvocation.maximumRetryAttempts,
          maximumEventAgeInSeconds: p.asyncInvocation.maximumEventAgeInSeconds,
          destinationConfig: { onFailure: { destination: topicArn } },
        },
      },
    });
  }

  // --- S3 triggers: per bucket, the permission for S3 to invoke the function, and the bucket's notification
  // configuration. A BucketNotification owns the bucket's whole configuration: one SecureFunction per bucket,
  // and the SecureBucket must not compose its own (spec.eventNotification); that one is detected and refused. ---
  const triggerProblems: string[] = [];
  /** Set when a trigger cannot be composed until the user changes something (not merely waiting). */
  let triggerConflict = false;
  const triggered: string[] = [];
  const byBucket = new Map<string, S3Trigger[]>();
  for (const t of s3Triggers) byBucket.set(t.bucketRef.name, [...(byBucket.get(t.bucketRef.name) ?? []), t]);
  for (const [bucketRef, triggers] of [...byBucket].sort(([a], [b]) => a.localeCompare(b))) {
    const object = bucket({ name: bucketRef });
    const bucketName = str(object?.status?.bucketName);
    const bucketArn = str(object?.status?.bucketArn);
    if (!object) {
      triggerProblems.push(`SecureBucket ${bucketRef} was not found in namespace ${namespace}`);
      continue;
    }
    if (object.spec?.eventNotification) {
      const message = `SecureBucket ${bucketRef} sets spec.eventNotification: its notification configuration is owned by the bucket, so this function cannot add its trigger; remove eventNotification from the SecureBucket`;
      triggerProblems.push(message);
      warnings.push(message);
      triggerConflict = true;
      continue;
    }
    if (object.spec?.region !== region) {
      const message = `SecureBucket ${bucketRef} is in region ${String(object.spec?.region)}, the function in ${region}: S3 invokes functions of its own region only`;
      triggerProblems.push(message);
      warnings.push(message);
      triggerConflict = true;
      continue;
    }
    if (!bucketName || !bucketArn) {
      triggerProblems.push(`SecureBucket ${bucketRef} has not reported its bucket name and ARN yet`);
      continue;
    }
    if (!keyArn) {
      triggerProblems.push(`SecureBucket ${bucketRef}: waiting for the function (composed once the EncryptionKey reports its ARN)`);
      continue;
    }
    resources[`s3-permission-${bucketRef}`] = lambda.LambdaPermission.manifest({
      metadata: labels(`s3-permission-${bucketRef}`),
      spec: {
        ...base,
        forProvider: {
          region,
          functionNameSelector: sameXrSelector('function'),
          statementId: `s3-invoke-${bucketRef}`,
          action: 'lambda:InvokeFunction',
          principal: 's3.amazonaws.com',
          // This bucket of this account only (bucket names are global; the account pins the owner).
          sourceArn: bucketArn,
          sourceAccount: account,
        },
      },
    });
    resources[`s3-notification-${bucketRef}`] = S3BucketNotification.manifest({
      metadata: labels(`s3-notification-${bucketRef}`),
      spec: {
        ...base,
        forProvider: {
          region,
          bucket: bucketName,
          lambdaFunction: triggers.map((t, i) => ({
            id: `${fn}-${i + 1}`,
            lambdaFunctionArn: functionArn,
            events: [...S3_TRIGGER_EVENTS],
            ...defined({ filterPrefix: t.prefix, filterSuffix: t.suffix }),
          })),
        },
      },
    });
    triggered.push(bucketRef);
  }

  // --- Rotation: Secrets Manager of this account may invoke the function, for each secret it rotates only. ---
  const rotating: string[] = [];
  for (const secret of rotateSecrets) {
    if (!keyArn) {
      rotationProblems.push(`ManagedSecret ${secret.name}: waiting for the function (composed once the EncryptionKey reports its ARN)`);
      continue;
    }
    resources[`rotation-permission-${secret.name}`] = lambda.LambdaPermission.manifest({
      metadata: labels(`rotation-permission-${secret.name}`),
      spec: {
        ...base,
        managementPolicies: ACCESS_MANAGEMENT_POLICIES,
        forProvider: {
          region,
          functionNameSelector: sameXrSelector('function'),
          statementId: `secretsmanager-rotate-${secret.name}`,
          action: 'lambda:InvokeFunction',
          principal: SECRETS_MANAGER_PRINCIPAL,
          // This secret of this account only (the confused-deputy guard AWS recommends for rotation functions).
          sourceArn: secret.arn,
          sourceAccount: account,
        },
      },
    });
    rotating.push(secret.name);
  }

  // --- Usages: the key and the network must outlive the function. ---
  resources['encryption-key-usage'] = platformUsage({ kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, { kind: KIND, name },
    `SecureFunction ${name} encrypts its environment variables, logs and dead-letter topic with this key`, labels('encryption-key-usage'));
  resources['network-usage'] = platformUsage({ kind: NETWORK_KIND, name: p.networkRef.name }, { kind: KIND, name },
    `SecureFunction ${name} runs in this network's private subnets`, labels('network-usage'));
  // And each database it connects to: its security group must outlive the rules that reference it (EC2 refuses to
  // delete a group another group's rule still names).
  for (const r of perms.connectDatabases ?? []) {
    resources[`database-usage-${r.name}`] = platformUsage({ kind: AURORA_DATABASE_KIND, name: r.name }, { kind: KIND, name },
      `SecureFunction ${name} connects to this database`, labels(`database-usage-${r.name}`));
  }

  const conditions: XrCondition[] = [
    dependency.condition(`Environment variables, logs and the dead-letter topic are encrypted with ${keyArn}`, '; the function and its dead-letter topic are composed once it does'),
    missing.length
      ? { type: 'PermissionsResolved', status: 'False', reason: 'WaitingForReferences', message: `Left out of the execution role's policy until known: ${[...new Set(missing)].join('; ')}` }
      : { type: 'PermissionsResolved', status: 'True', reason: 'Available', message: 'Every permission names the ARNs of the resources referenced' },
    triggerProblems.length
      ? { type: 'TriggersReady', status: 'False', reason: triggerConflict ? 'TriggerConflict' : 'WaitingForTriggers', message: triggerProblems.join('; ') }
      : { type: 'TriggersReady', status: 'True', reason: triggered.length ? 'Available' : 'NoTriggers', message: triggered.length ? `New objects in SecureBuckets ${triggered.join(', ')} invoke the function` : 'No triggers declared' },
    rotationProblems.length
      ? { type: 'SecretRotationReady', status: 'False', reason: rotationConflict ? 'RotationConflict' : 'WaitingForReferences', message: rotationProblems.join('; ') }
      : { type: 'SecretRotationReady', status: 'True', reason: rotating.length ? 'Available' : 'NoRotation', message: rotating.length ? `Secrets Manager may invoke the function to rotate ManagedSecrets ${rotating.join(', ')}` : 'The function rotates no secret' },
    databaseProblems.length
      ? { type: 'DatabasesConnected', status: 'False', reason: databaseConflict ? 'DatabaseConflict' : 'WaitingForReferences', message: databaseProblems.join('; ') }
      : { type: 'DatabasesConnected', status: 'True', reason: databases.length ? 'Available' : 'NoDatabases', message: databases.length ? `The function's security group reaches AuroraDatabases ${databases.map((d) => `${d.name} (port ${d.port})`).join(', ')}, and theirs admit it` : 'No databases declared' },
  ];

  const sgId = atProvider(observed['security-group'], 'id');
  return {
    resources,
    requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: defined({
      functionName: fn,
      functionArn: atProvider(observed.function, 'arn'),
      roleArn: atProvider(observed.role, 'arn'),
      securityGroupId: sgId,
      logGroupName,
      deadLetterTopicArn: atProvider(observed['dead-letter-topic'], 'arn'),
      encryptionKeyArn: keyArn,
    }),
  };
}
