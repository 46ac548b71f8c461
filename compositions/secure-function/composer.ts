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
import { sameXrSelector } from '../../lib/common';
import { atProvider, defined, InputError, reported, type ComposeInput, type Composition, type KubeObject, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { LABEL_PREFIX, NETWORK_LABEL, SUBNET_TIER_LABEL } from '../../lib/platform';
import { KIND as AURORA_DATABASE_KIND } from '../aurora-database/composer';
import type { Subscription } from '../compliance-monitoring/parameters';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency } from '../encryption-key/dependency';
import { KIND as NETWORK_KIND } from '../network/composer';
import { deadLetterTopicPolicy, executionRolePolicy, trustPolicy } from './function-policy';
import {
  DEFAULT_LOG_RETENTION_DAYS, MAX_ENVIRONMENT_BYTES, MAX_FUNCTION_NAME,
  type EnvironmentVariable, type S3Trigger, type SecureFunctionParameters, type SecureFunctionStatus,
} from './parameters';
import {
  References, requirementName, resolveDatabases, resolvePermissions, resolveRotatedSecrets, str,
  type ConnectedDatabase, type PartProgress, type RotatedSecret,
} from './references';

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


/** What the schema cannot check; returns the function's name. */
function checkInput(name: string, p: SecureFunctionParameters): string {
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
  return fn;
}

/** What every part of a SecureFunction's composition shares: the kit, the names and ARNs, the key once known. */
interface FunctionParts {
  readonly kit: ComposerKit<SecureFunctionParameters>;
  readonly p: SecureFunctionParameters;
  /** The Lambda function's name (also its execution role's). */
  readonly fn: string;
  readonly logGroupName: string;
  readonly topicName: string;
  readonly topicArn: string;
  readonly roleArn: string;
  readonly functionArn: string;
  /** The EncryptionKey's ARN, once it has reported it: what is encrypted with it waits for it. */
  readonly keyArn?: string;
}

/**
 * Network placement: the Network's private subnets, a security group of its own in the Network's VPC; and per
 * database one egress rule on the function's group to the database's group and the matching ingress rule on the
 * database's group from the function's, both on the database port only. The AuroraDatabase admits nothing else
 * (its allowedSecurityGroupIds aside); the ingress rule belongs to this function and goes with it.
 */
function composeNetworkPlacement({ kit, p, fn }: FunctionParts, databases: readonly ConnectedDatabase[]): void {
  const { region } = p;
  const { tags } = kit;
  kit.add('security-group', ec2.Ec2SecurityGroup, {
    region,
    name: `lambda-${fn}`,
    // Fixed when the group is created (EC2 cannot change it, a new one would replace the group): the database
    // egress rules below are the only other way out, each labelled egress-database-<name>.
    description: `Lambda function ${fn}: HTTPS out only, nothing in`,
    vpcIdSelector: { matchLabels: { [NETWORK_LABEL]: p.networkRef.name, [`${LABEL_PREFIX}/component`]: 'vpc' } },
    // The provider removes the allow-all egress rule AWS adds to a new group; egress is the rule below only.
    revokeRulesOnDelete: true,
    tags,
  });
  // No ingress rule: nothing connects to a Lambda function's interfaces (invocations come through the Lambda
  // service). The one egress to anywhere: HTTPS, to AWS APIs (interface endpoints, the S3 gateway endpoint's public
  // ranges, NAT) and HTTPS services; besides it only the database rules, each to one database's group on its
  // port. DNS to the VPC resolver is not subject to security groups.
  kit.add('egress-https', ec2.Ec2SecurityGroupEgressRule, {
    region, securityGroupIdSelector: sameXrSelector('security-group'),
    cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: HTTPS, toPort: HTTPS,
    description: 'HTTPS out (AWS APIs, HTTPS services); nothing else',
    tags,
  });
  for (const d of databases) {
    kit.add(`egress-database-${d.name}`, ec2.Ec2SecurityGroupEgressRule, {
      region, securityGroupIdSelector: sameXrSelector('security-group'), referencedSecurityGroupId: d.securityGroupId,
      ipProtocol: 'tcp', fromPort: d.port, toPort: d.port,
      description: `To AuroraDatabase ${d.name} on port ${d.port}`,
      tags,
    }, { managementPolicies: ACCESS_MANAGEMENT_POLICIES });
    kit.add(`ingress-database-${d.name}`, ec2.Ec2SecurityGroupIngressRule, {
      region, securityGroupId: d.securityGroupId, referencedSecurityGroupIdSelector: sameXrSelector('security-group'),
      ipProtocol: 'tcp', fromPort: d.port, toPort: d.port,
      description: `From Lambda function ${fn} (SecureFunction ${kit.name}) on port ${d.port}`,
      tags,
    }, { managementPolicies: ACCESS_MANAGEMENT_POLICIES });
  }
}

/** Execution role and its generated policy (no AWS managed policy is attached). */
function composeExecutionRole({ kit, p, fn }: FunctionParts, policy: string): void {
  kit.add('role', iam.IamRole, {
    description: `Execution role of Lambda function ${fn}`,
    path: '/',
    assumeRolePolicy: JSON.stringify(trustPolicy(p.accountId)),
    maxSessionDuration: 3600,
    // Policies attached by hand are removed with the role instead of blocking its deletion.
    forceDetachPolicies: true,
    ...defined({ permissionsBoundary: p.permissionsBoundaryArn }),
    tags: kit.tags,
  }, { externalName: fn });
  kit.add('role-policy', iam.IamRolePolicy, { roleSelector: sameXrSelector('role'), policy });
}

/**
 * The dead-letter topic (its key has no selector: it is composed with the EncryptionKey's ARN), its policy, and
 * its subscribers. SNS delivers what the topic receives to each subscriber (decrypting it itself); it stores
 * nothing, so without a subscriber a failed event is only counted. prod requires one (schema).
 */
function composeDeadLetterTopic({ kit, p, fn, topicName, topicArn, roleArn }: FunctionParts, keyArn: string): void {
  const { region } = p;
  kit.add('dead-letter-topic', sns.SnsTopic, {
    region,
    displayName: `Failed asynchronous invocations of ${fn}`.slice(0, 100),
    kmsMasterKeyId: keyArn,
    tags: kit.tags,
  }, { externalName: topicName });
  kit.add('dead-letter-topic-policy', sns.SnsTopicPolicy, {
    region,
    arnSelector: sameXrSelector('dead-letter-topic'),
    policy: JSON.stringify(deadLetterTopicPolicy({ accountId: p.accountId, topicArn, roleArn })),
  });
  for (const s of p.deadLetterSubscriptions) {
    kit.add(deadLetterSubscriptionName(s), sns.SnsTopicSubscription, {
      region, topicArnSelector: sameXrSelector('dead-letter-topic'), protocol: s.protocol, endpoint: s.endpoint,
    }, { managementPolicies: ACCESS_MANAGEMENT_POLICIES });
  }
}

/** The Lambda function (never without its dead-letter target) and where its failed invocations go. */
function composeFunction({ kit, p, fn, topicArn }: FunctionParts, keyArn: string): void {
  const hasVariables = p.environmentVariables.length > 0;
  kit.add('function', lambda.LambdaFunction, {
    region: p.region,
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
    tags: kit.tags,
  }, { externalName: fn, labels: { [SECURE_FUNCTION_LABEL]: kit.name } });
  // ...and the on-failure destination an invocation record (event, error, retries), also for expired events.
  kit.add('event-invoke-config', lambda.LambdaFunctionEventInvokeConfig, {
    region: p.region,
    functionName: fn,
    maximumRetryAttempts: p.asyncInvocation.maximumRetryAttempts,
    maximumEventAgeInSeconds: p.asyncInvocation.maximumEventAgeInSeconds,
    destinationConfig: { onFailure: { destination: topicArn } },
  });
}

/** Why a bucket cannot have this function's trigger yet, and whether the user must change something for it. */
function triggerBlocker(bucketRef: string, object: KubeObject | undefined, parts: FunctionParts, namespace: string): { message: string; conflict: boolean } | undefined {
  if (!object) return { message: `SecureBucket ${bucketRef} was not found in namespace ${namespace}`, conflict: false };
  if (object.spec?.eventNotification) {
    return { message: `SecureBucket ${bucketRef} sets spec.eventNotification: its notification configuration is owned by the bucket, so this function cannot add its trigger; remove eventNotification from the SecureBucket`, conflict: true };
  }
  if (object.spec?.region !== parts.p.region) {
    return { message: `SecureBucket ${bucketRef} is in region ${String(object.spec?.region)}, the function in ${parts.p.region}: S3 invokes functions of its own region only`, conflict: true };
  }
  if (!str(object.status?.bucketName) || !str(object.status?.bucketArn)) return { message: `SecureBucket ${bucketRef} has not reported its bucket name and ARN yet`, conflict: false };
  if (!parts.keyArn) return { message: `SecureBucket ${bucketRef}: waiting for the function (composed once the EncryptionKey reports its ARN)`, conflict: false };
  return undefined;
}

/**
 * S3 triggers: per bucket, the permission for S3 to invoke the function, and the bucket's notification
 * configuration. A BucketNotification owns the bucket's whole configuration: one SecureFunction per bucket, and the
 * SecureBucket must not compose its own (spec.eventNotification); that one is detected and refused.
 */
function composeS3Triggers(parts: FunctionParts, refs: References, warnings: string[]): { progress: PartProgress; triggered: string[] } {
  const { kit, p, fn } = parts;
  const progress: PartProgress = { problems: [], conflict: false };
  const triggered: string[] = [];
  const byBucket = new Map<string, S3Trigger[]>();
  for (const t of p.triggers.s3 ?? []) byBucket.set(t.bucketRef.name, [...(byBucket.get(t.bucketRef.name) ?? []), t]);
  for (const [bucketRef, triggers] of [...byBucket].sort(([a], [b]) => a.localeCompare(b))) {
    const object = refs.bucket({ name: bucketRef });
    const blocker = triggerBlocker(bucketRef, object, parts, refs.namespace);
    if (blocker) {
      progress.problems.push(blocker.message);
      if (blocker.conflict) {
        warnings.push(blocker.message);
        progress.conflict = true;
      }
      continue;
    }
    kit.add(`s3-permission-${bucketRef}`, lambda.LambdaPermission, {
      region: p.region,
      functionNameSelector: sameXrSelector('function'),
      statementId: `s3-invoke-${bucketRef}`,
      action: 'lambda:InvokeFunction',
      principal: 's3.amazonaws.com',
      // This bucket of this account only (bucket names are global; the account pins the owner).
      sourceArn: str(object!.status.bucketArn)!,
      sourceAccount: p.accountId,
    });
    kit.add(`s3-notification-${bucketRef}`, S3BucketNotification, {
      region: p.region,
      bucket: str(object!.status.bucketName)!,
      lambdaFunction: triggers.map((t, i) => ({
        id: `${fn}-${i + 1}`,
        lambdaFunctionArn: parts.functionArn,
        events: [...S3_TRIGGER_EVENTS],
        ...defined({ filterPrefix: t.prefix, filterSuffix: t.suffix }),
      })),
    });
    triggered.push(bucketRef);
  }
  return { progress, triggered };
}

/** Rotation: Secrets Manager of this account may invoke the function, for each secret it rotates only. */
function composeRotationPermissions({ kit, p, keyArn }: FunctionParts, secrets: readonly RotatedSecret[], progress: PartProgress): string[] {
  const rotating: string[] = [];
  for (const secret of secrets) {
    if (!keyArn) {
      progress.problems.push(`ManagedSecret ${secret.name}: waiting for the function (composed once the EncryptionKey reports its ARN)`);
      continue;
    }
    kit.add(`rotation-permission-${secret.name}`, lambda.LambdaPermission, {
      region: p.region,
      functionNameSelector: sameXrSelector('function'),
      statementId: `secretsmanager-rotate-${secret.name}`,
      action: 'lambda:InvokeFunction',
      principal: SECRETS_MANAGER_PRINCIPAL,
      // This secret of this account only (the confused-deputy guard AWS recommends for rotation functions).
      sourceArn: secret.arn,
      sourceAccount: p.accountId,
    }, { managementPolicies: ACCESS_MANAGEMENT_POLICIES });
    rotating.push(secret.name);
  }
  return rotating;
}

/**
 * Usages: the key and the network must outlive the function; and each database it connects to, whose security
 * group must outlive the rules that reference it (EC2 refuses to delete a group another group's rule still names).
 */
function composeUsages({ kit, p }: FunctionParts): void {
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name },
    `SecureFunction ${kit.name} encrypts its environment variables, logs and dead-letter topic with this key`);
  kit.usage('network-usage', { kind: NETWORK_KIND, name: p.networkRef.name },
    `SecureFunction ${kit.name} runs in this network's private subnets`);
  for (const r of p.permissions.connectDatabases ?? []) {
    kit.usage(`database-usage-${r.name}`, { kind: AURORA_DATABASE_KIND, name: r.name },
      `SecureFunction ${kit.name} connects to this database`);
  }
}

/** A condition that is True once a part has nothing left to wait for, else says what it waits for or needs. */
function partCondition(type: string, progress: PartProgress, reasons: { readonly conflict: string; readonly waiting: string }, done: { readonly any: boolean; readonly message: string; readonly noneReason: string; readonly noneMessage: string }): XrCondition {
  if (progress.problems.length) return { type, status: 'False', reason: progress.conflict ? reasons.conflict : reasons.waiting, message: progress.problems.join('; ') };
  return { type, status: 'True', reason: done.any ? 'Available' : done.noneReason, message: done.any ? done.message : done.noneMessage };
}

export function composeSecureFunction({ xr, observed, required }: ComposeInput<SecureFunctionParameters>): Composition<SecureFunctionStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const fn = checkInput(name, p);
  const kit = new ComposerKit(KIND, xr);
  const logGroupName = `/aws/lambda/${fn}`;
  const names = {
    kit, p, fn, logGroupName, topicName: `${fn}-dlq`, topicArn: `arn:aws:sns:${p.region}:${p.accountId}:${fn}-dlq`,
    roleArn: roleArnOf(name, p), functionArn: functionArnOf(name, p),
  };

  // --- Referenced platform resources, read through requirements. ---
  const refs = new References(xr.metadata.namespace, required);
  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, refs.namespace, required, { name: 'lambda', what: 'Lambda (environment variables)' });
  Object.assign(refs.requirements, dependency.requirements);
  const warnings = [...dependency.warnings];
  const keyServices: unknown = dependency.key?.spec?.services ?? [];
  if (dependency.key && Array.isArray(keyServices) && !keyServices.includes('logs')) {
    warnings.push(`EncryptionKey ${p.encryptionKeyRef.name} does not list logs in spec.services: CloudWatch Logs cannot encrypt the function's log group ${logGroupName} with it`);
  }
  // Once the log group or the topic exists, its key stays known even if the EncryptionKey's status is momentarily
  // incomplete, so the function and its topic are never dropped from the composition (which would delete them).
  const keyArn = dependency.arnFor(observed['log-group'], 'kmsKeyId') ?? atProvider(observed['dead-letter-topic'], 'kmsMasterKeyId');
  const parts: FunctionParts = { ...names, ...defined({ keyArn }) };
  if (!keyArn) refs.missing.push(`EncryptionKey ${p.encryptionKeyRef.name} (status.keyArn)`);
  const network = refs.lookup(`Network ${p.networkRef.name}`, refs.need(requirementName.network, NETWORK_KIND, p.networkRef.name), ['vpcId']);
  const vpcArn = network.vpcId ? `arn:aws:ec2:${p.region}:${p.accountId}:vpc/${network.vpcId}` : undefined;
  const permissions = resolvePermissions(refs, p.permissions, names.roleArn, KIND, warnings);
  const rotation = resolveRotatedSecrets(refs, p, names, warnings);
  const connected = resolveDatabases(refs, p, warnings);

  const policy = JSON.stringify(executionRolePolicy({
    region: p.region, accountId: p.accountId, logGroupArn: `arn:aws:logs:${p.region}:${p.accountId}:log-group:${logGroupName}`, deadLetterTopicArn: names.topicArn,
    ...defined({ functionKeyArn: keyArn, vpcArn }), encryptsEnvironment: p.environmentVariables.length > 0,
    ...permissions, rotateSecrets: rotation.secrets, databaseSecrets: connected.secrets,
  }));
  if (policy.length > MAX_INLINE_POLICY_CHARACTERS) {
    throw new InputError('spec.permissions', `the execution role's policy for these permissions takes ${policy.length} characters; IAM allows ${MAX_INLINE_POLICY_CHARACTERS} in a role's inline policies: split the function or name fewer resources`);
  }

  composeNetworkPlacement(parts, connected.databases);
  composeExecutionRole(parts, policy);
  if (keyArn) {
    // Created (encrypted, with a retention) before Lambda would create one without either; with the key's ARN
    // itself, not a key selector (see composedKeyArn).
    kit.add('log-group', LogsGroup, {
      region: p.region,
      kmsKeyId: keyArn,
      retentionInDays: p.logRetentionDays ?? (p.tier === 'prod' ? DEFAULT_LOG_RETENTION_DAYS.prod : DEFAULT_LOG_RETENTION_DAYS.other),
      deletionProtectionEnabled: p.deletionProtection,
      tags: kit.tags,
    }, { externalName: logGroupName });
    composeDeadLetterTopic(parts, keyArn);
    composeFunction(parts, keyArn);
  }
  const triggers = composeS3Triggers(parts, refs, warnings);
  const rotating = composeRotationPermissions(parts, rotation.secrets, rotation.progress);
  composeUsages(parts);

  const { databases } = connected;
  const conditions: XrCondition[] = [
    dependency.condition(`Environment variables, logs and the dead-letter topic are encrypted with ${keyArn}`, '; the function and its dead-letter topic are composed once it does'),
    refs.missing.length
      ? { type: 'PermissionsResolved', status: 'False', reason: 'WaitingForReferences', message: `Left out of the execution role's policy until known: ${[...new Set(refs.missing)].join('; ')}` }
      : { type: 'PermissionsResolved', status: 'True', reason: 'Available', message: 'Every permission names the ARNs of the resources referenced' },
    partCondition('TriggersReady', triggers.progress, { conflict: 'TriggerConflict', waiting: 'WaitingForTriggers' }, { any: triggers.triggered.length > 0, message: `New objects in SecureBuckets ${triggers.triggered.join(', ')} invoke the function`, noneReason: 'NoTriggers', noneMessage: 'No triggers declared' }),
    partCondition('SecretRotationReady', rotation.progress, { conflict: 'RotationConflict', waiting: 'WaitingForReferences' }, { any: rotating.length > 0, message: `Secrets Manager may invoke the function to rotate ManagedSecrets ${rotating.join(', ')}`, noneReason: 'NoRotation', noneMessage: 'The function rotates no secret' }),
    partCondition('DatabasesConnected', connected.progress, { conflict: 'DatabaseConflict', waiting: 'WaitingForReferences' }, { any: databases.length > 0, message: `The function's security group reaches AuroraDatabases ${databases.map((d) => `${d.name} (port ${d.port})`).join(', ')}, and theirs admit it`, noneReason: 'NoDatabases', noneMessage: 'No databases declared' }),
  ];

  return {
    resources: kit.resources,
    requirements: refs.requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: reported<SecureFunctionStatus>({
      functionName: fn,
      functionArn: atProvider(observed.function, 'arn'),
      roleArn: atProvider(observed.role, 'arn'),
      securityGroupId: atProvider(observed['security-group'], 'id'),
      logGroupName,
      deadLetterTopicArn: atProvider(observed['dead-letter-topic'], 'arn'),
      encryptionKeyArn: keyArn,
    }),
  };
}
