/**
 * The IAM documents of a SecureFunction: the execution role's trust policy, its inline permissions policy
 * (generated instead of AWS managed policies such as AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole,
 * which allow their actions on "*"), and the dead-letter topic's resource policy.
 *
 * Every Allow names explicit actions on explicit ARNs, except where AWS offers nothing narrower; those statements
 * are listed, with the reason, in the project's one list (lib/policy-exceptions.ts). A statement whose resources are not known yet (the ARN
 * of a referenced resource not reported yet) is left out rather than widened; the composer reports it.
 */
import type { PolicyStatement } from '../encryption-key/key-policy';

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Everything the execution role's policy is made of, resolved to ARNs by the composer. */
export interface ExecutionRoleGrants {
  readonly region: string;
  readonly accountId: string;
  /** ARN of the function's log group (without the `:*` suffix). */
  readonly logGroupArn: string;
  readonly deadLetterTopicArn: string;
  /** The function's own KMS key (environment variables, dead-letter topic), once known. */
  readonly functionKeyArn?: string;
  /** Whether Lambda encrypts environment variables with the function's key (only when the function has some). */
  readonly encryptsEnvironment: boolean;
  /** The Network's VPC, once known: network interfaces may only be created in it. */
  readonly vpcArn?: string;
  readonly readBuckets: readonly ResolvedEncrypted[];
  readonly writeBuckets: readonly ResolvedEncrypted[];
  readonly readTables: readonly ResolvedEncrypted[];
  readonly writeTables: readonly ResolvedEncrypted[];
  readonly readSecrets: readonly ResolvedEncrypted[];
  readonly decryptKeyArns: readonly string[];
  /** Unqualified ARNs of the SecureFunctions the code may invoke. */
  readonly invokeFunctionArns: readonly string[];
  /** ManagedSecrets this function rotates (each one names it as its rotation function), with their keys. */
  readonly rotateSecrets: readonly ResolvedEncrypted[];
  /** Master user secrets of the AuroraDatabases the function connects to, with the databases' keys. */
  readonly databaseSecrets: readonly ResolvedEncrypted[];
}

/** A resource ARN and, once known, the ARN of the KMS key it is encrypted with. */
export interface ResolvedEncrypted {
  readonly arn: string;
  readonly keyArn?: string;
}


const LAMBDA_SERVICE = 'lambda.amazonaws.com';

/** Only Lambda may assume the role, and only for this account's functions. */
export function trustPolicy(accountId: string): { Version: '2012-10-17'; Statement: Array<Omit<PolicyStatement, 'Resource'>> } {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'LambdaAssumesRoleForThisAccount',
      Effect: 'Allow',
      Principal: { Service: LAMBDA_SERVICE },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    }],
  };
}

const uniqueSorted = (xs: readonly string[]) => [...new Set(xs)].sort();

/** The execution role's inline policy: the baseline, then what the function declared. */
export function executionRolePolicy(g: ExecutionRoleGrants): PolicyDocument {
  const ec2 = (type: string) => `arn:aws:ec2:${g.region}:${g.accountId}:${type}/*`;
  const viaService = (service: string) => ({ StringEquals: { 'kms:ViaService': `${service}.${g.region}.amazonaws.com` } });
  const statements: PolicyStatement[] = [];
  const allow = (Sid: string, Action: string[], resources: readonly string[], Condition?: PolicyStatement['Condition']) => {
    const Resource = uniqueSorted(resources);
    if (Resource.length) statements.push({ Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
  };

  // --- Baseline: what AWSLambdaVPCAccessExecutionRole would give, scoped to this function. No CreateLogGroup:
  // the log group is composed (encrypted, with a retention) before the function runs.
  allow('WriteOwnLogStreams', ['logs:CreateLogStream', 'logs:PutLogEvents'], [`${g.logGroupArn}:*`]);
  allow('DescribeNetworkInterfaces', ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], ['*']);
  if (g.vpcArn) {
    allow('CreateNetworkInterfacesInOwnVpc', ['ec2:CreateNetworkInterface'], [ec2('network-interface'), ec2('security-group'), ec2('subnet')],
      { ArnEquals: { 'ec2:Vpc': g.vpcArn } });
  }
  allow('ManageNetworkInterfaces', ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'], [ec2('network-interface')]);
  allow('WriteTraces', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*']);
  if (g.functionKeyArn) {
    // Lambda decrypts the environment variables at each cold start with the execution role's identity. It also
    // creates a grant on the key for the role; this statement keeps the function starting if that grant is lost
    // (a recreated role is a new principal). Lambda documents no kms:ViaService or encryption context for that
    // call that the statement could be pinned to, so it has no condition: the role may decrypt any ciphertext of
    // this key it holds. A function whose data must stay out of that reach gets an EncryptionKey of its own.
    if (g.encryptsEnvironment) allow('DecryptWithFunctionKey', ['kms:Decrypt'], [g.functionKeyArn]);
    // Publishing to the encrypted dead-letter topic: SNS asks KMS for a data key, and decrypts it, with the
    // publisher's identity.
    allow('EncryptDeadLetterMessages', ['kms:GenerateDataKey', 'kms:Decrypt'], [g.functionKeyArn], viaService('sns'));
  }
  allow('PublishToDeadLetterTopic', ['sns:Publish'], [g.deadLetterTopicArn]);

  // --- Declared permissions: explicit actions on each resource's ARN, and the KMS use its encryption needs on its
  // key, through that service only (kms:ViaService). S3, DynamoDB and Secrets Manager call KMS with the caller's
  // identity: without these statements the role could not use what they encrypt.
  const keysOf = (xs: readonly ResolvedEncrypted[]) => xs.flatMap((x) => (x.keyArn ? [x.keyArn] : []));
  allow('ReadBucketObjects', ['s3:GetObject', 's3:GetObjectVersion'], g.readBuckets.map((b) => `${b.arn}/*`));
  allow('ListReadBuckets', ['s3:ListBucket'], g.readBuckets.map((b) => b.arn));
  allow('WriteBucketObjects', ['s3:PutObject', 's3:AbortMultipartUpload'], g.writeBuckets.map((b) => `${b.arn}/*`));
  // SSE-KMS: reading decrypts; writing asks for a data key (and multipart uploads decrypt it again).
  allow('DecryptBucketObjects', ['kms:Decrypt'], keysOf([...g.readBuckets, ...g.writeBuckets]), viaService('s3'));
  allow('EncryptBucketObjects', ['kms:GenerateDataKey'], keysOf(g.writeBuckets), viaService('s3'));
  allow('ReadTables', ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
    g.readTables.flatMap((t) => [t.arn, `${t.arn}/index/*`]));
  allow('WriteTables', ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'], g.writeTables.map((t) => t.arn));
  // A table under a customer-managed key: DynamoDB decrypts the table key with the caller's identity on every
  // item read or write (AccessDeniedException "KMS key access denied" without it), and writes may encrypt and ask
  // for data keys; the actions CDK's grantReadData / grantWriteData give.
  allow('DecryptTableItems', ['kms:Decrypt'], keysOf([...g.readTables, ...g.writeTables]), viaService('dynamodb'));
  allow('EncryptTableItems', ['kms:Encrypt', 'kms:GenerateDataKey'], keysOf(g.writeTables), viaService('dynamodb'));
  allow('ReadSecrets', ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], g.readSecrets.map((s) => s.arn));
  // Secrets Manager decrypts a secret's value with the caller's identity.
  allow('DecryptSecrets', ['kms:Decrypt'], keysOf(g.readSecrets), viaService('secretsmanager'));
  // An explicit grant of the spec (envelope encryption in the code): direct KMS calls, so no kms:ViaService.
  allow('DecryptWithDeclaredKeys', ['kms:Decrypt'], g.decryptKeyArns);
  allow('InvokeFunctions', ['lambda:InvokeFunction'], g.invokeFunctionArns);

  // --- Rotation: the four steps Secrets Manager runs the function for (createSecret, setSecret, testSecret,
  // finishSecret) read the secret and its versions, write the new version (AWSPENDING) and move AWSCURRENT to it.
  allow('RotateSecrets', ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
    g.rotateSecrets.map((s) => s.arn));
  // GetRandomPassword acts on no resource (it only returns random characters): AWS accepts only "*" for it.
  if (g.rotateSecrets.length) allow('GenerateRandomPasswords', ['secretsmanager:GetRandomPassword'], ['*']);
  // Reading decrypts the versions; writing one asks KMS for a data key, with the caller's identity, via Secrets Manager.
  allow('UseKeysOfRotatedSecrets', ['kms:Decrypt', 'kms:GenerateDataKey'], keysOf(g.rotateSecrets), viaService('secretsmanager'));

  // --- Databases: the master user credentials RDS keeps in Secrets Manager (encrypted with the database's key).
  allow('ReadDatabaseSecrets', ['secretsmanager:GetSecretValue'], g.databaseSecrets.map((s) => s.arn));
  allow('DecryptDatabaseSecrets', ['kms:Decrypt'], keysOf(g.databaseSecrets), viaService('secretsmanager'));
  return { Version: '2012-10-17', Statement: statements };
}

/** SNS topic-policy actions (a topic policy admits only these). */
const TOPIC_ACTIONS = [
  'sns:Publish', 'sns:Subscribe', 'sns:Receive', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:AddPermission',
  'sns:RemovePermission', 'sns:DeleteTopic', 'sns:ListSubscriptionsByTopic',
];

/**
 * The dead-letter topic's policy: only the function's role may publish (explicit deny for every other principal,
 * whatever their IAM policies say), and nothing reaches the topic without TLS. The allow names the account with a
 * condition on the role ARN, so the policy is valid before the role exists.
 */
export function deadLetterTopicPolicy(p: { accountId: string; topicArn: string; roleArn: string }): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowFunctionRoleToPublish', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${p.accountId}:root` },
        Action: 'sns:Publish', Resource: p.topicArn, Condition: { ArnEquals: { 'aws:PrincipalArn': p.roleArn } },
      },
      {
        Sid: 'DenyPublishingToEveryoneElse', Effect: 'Deny', Principal: '*',
        Action: 'sns:Publish', Resource: p.topicArn, Condition: { ArnNotEquals: { 'aws:PrincipalArn': p.roleArn } },
      },
      {
        Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*',
        Action: TOPIC_ACTIONS, Resource: p.topicArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}
