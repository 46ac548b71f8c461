import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, int, obj, str, type Infer, type Schema } from '../../lib/schema';
import { LOG_RETENTION_DAYS } from '../aurora-database/parameters';
import { COMPLIANCE_MONITORING_SPEC, type Subscription, type subscriptionsSchema } from '../compliance-monitoring/parameters';
import { SUPPORTED_RUNTIMES } from './runtimes';

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;

/** Lambda's limits, as bounds of the API. */
export const MAX_FUNCTION_NAME = 64;
export const MAX_TIMEOUT_SECONDS = 900;
export const MAX_MEMORY_MB = 10240;
/** Lambda refuses a function whose environment variables (keys and values) exceed 4 KB in total. */
export const MAX_ENVIRONMENT_BYTES = 4096;
export const MAX_REFERENCES = 10;
export const MAX_DEAD_LETTER_SUBSCRIPTIONS = 10;
/** Log retention when spec.logRetentionDays is not set: a year in prod (the minimum there), 90 days elsewhere. */
export const DEFAULT_LOG_RETENTION_DAYS = { prod: 365, other: 90 } as const;
export const MIN_PROD_LOG_RETENTION_DAYS = 365;

/**
 * Environment variables Lambda sets itself (it refuses them), plus the two it derives from the logging
 * configuration this API manages.
 */
export const RESERVED_ENVIRONMENT_VARIABLES = [
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
  'AWS_LAMBDA_LOG_FORMAT', 'AWS_LAMBDA_LOG_LEVEL',
] as const;
/**
 * Variable names that announce a secret. Secrets belong in a ManagedSecret (encrypted, rotated, read through IAM
 * at run time); the function gets a pointer to it, so names ending in _ARN, _NAME or _ID are accepted.
 */
export const SECRET_LIKE_NAME = 'PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|CREDENTIAL';
export const SECRET_POINTER_SUFFIX = '_(ARN|NAME|ID)$';

export const SECURE_FUNCTION_DEFAULTS = {
  architecture: 'x86_64',
  memorySize: 256,
  timeout: 30,
  // Not `[] as EnvironmentVariable[]`: that type is derived from the schema these defaults feed (a circular reference).
  environmentVariables: [],
  applicationLogLevel: 'INFO',
  systemLogLevel: 'INFO',
  asyncInvocation: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600 },
  deadLetterSubscriptions: [] as Subscription[],
  permissions: {},
  triggers: {},
} as const;

const ref = (kind: string, what: string) => localRef(kind, `A ${kind}, in this namespace, ${what}.`);
const refs = (kind: string, what: string) => arr(`${kind}s, in this namespace, ${what}.`, ref(kind, what), {
  maxItems: MAX_REFERENCES,
  rules: [{ rule: 'self.all(x, self.exists_one(y, y.name == x.name))', message: `each ${kind} may be named once` }],
});
/**
 * A subscriber of the dead-letter topic: the schema of ComplianceMonitoring's alarm-topic subscribers (email or
 * https only, each endpoint checked against its protocol), so every platform topic admits the same endpoints.
 * ComplianceMonitoring's spec schema is not typed by its builders yet, so its items are cast to the value type of
 * the builder that made them (subscriptionsSchema's items).
 */
const SUBSCRIBER = {
  ...COMPLIANCE_MONITORING_SPEC.properties!.subscriptions.items as Schema<Infer<ReturnType<typeof subscriptionsSchema>>[number], false>,
  description: 'A subscriber of the dead-letter topic.',
};
/** ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com/<repository>(:<tag>|@sha256:<digest>). */
export const ECR_IMAGE_URI = '^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$';

export const SECURE_FUNCTION_SPEC = obj('Desired state of the secure function.', {
  ...COMMON_PROPERTIES,
  networkRef: ref('Network', 'whose private subnets the function runs in and in whose VPC its security group is created'),
  encryptionKeyRef: ref('EncryptionKey', 'whose KMS key encrypts the environment variables, the log group and the dead-letter topic (its services should include lambda and logs)'),
  functionName: str('Name of the Lambda function and of its execution role. Defaults to <environment>-<name>. Cannot change.', {
    pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: MAX_FUNCTION_NAME,
  }),
  description: str('What the function does; shown in the Lambda console.', { maxLength: 256 }),
  code: obj('Where the code comes from: exactly one of s3 (a .zip package) and imageUri (a container image). Cannot switch between the two after creation.', {
    s3: obj('A .zip deployment package in an S3 bucket of the function\'s region.', {
      bucket: str('Name of the bucket.', { pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', maxLength: 63 }),
      key: str('Key of the package object.', { minLength: 1, maxLength: 1024 }),
      objectVersion: str('Version of the package object, so exactly the reviewed code is deployed. Required when tier is prod.', { minLength: 1, maxLength: 1024 }),
    }, { required: ['bucket', 'key'] }),
    imageUri: str('ECR image of the function\'s region: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest> (a digest is required when tier is prod).', {
      pattern: ECR_IMAGE_URI, maxLength: 512,
    }),
  }, {
    rules: [{ rule: 'has(self.s3) != has(self.imageUri)', message: 'code needs exactly one of s3 (a .zip package) and imageUri (a container image)' }],
  }),
  runtime: str(`Managed runtime, for code.s3 only (an image brings its own). Only runtimes AWS has not deprecated: ${SUPPORTED_RUNTIMES.join(', ')}.`, {
    enum: SUPPORTED_RUNTIMES,
  }),
  handler: str('Entry point in the package, e.g. index.handler; for code.s3 only.', { pattern: '^[^\\s]+$', maxLength: 128 }),
  architecture: str('Instruction set the code is built for.', { enum: ARCHITECTURES, default: SECURE_FUNCTION_DEFAULTS.architecture }),
  memorySize: int('Memory in MB (CPU scales with it).', { minimum: 128, maximum: MAX_MEMORY_MB, default: SECURE_FUNCTION_DEFAULTS.memorySize }),
  timeout: int('Seconds an invocation may run before Lambda stops it.', { minimum: 1, maximum: MAX_TIMEOUT_SECONDS, default: SECURE_FUNCTION_DEFAULTS.timeout }),
  reservedConcurrency: int('Concurrent executions reserved for the function, and its maximum. Required when tier is prod (size it for the load). Unset outside prod: the function uses the account\'s unreserved pool (a reservation must leave 10 unreserved, more than new accounts often have); compliance rule SB-LAMBDA-4 reports it.', {
    minimum: 1, maximum: 1000,
  }),
  // A list rather than a map: CEL rules on map keys are costed by the API server as if each key could be as long
  // as a whole request, which would exceed the rule cost budget; list items have bounded names.
  environmentVariables: {
    ...arr(`Environment variables, encrypted at rest with the EncryptionKey (at most ${MAX_ENVIRONMENT_BYTES} bytes in total). Not for secrets: names that look like one (password, secret, token, key, credential) are refused unless they end in _ARN, _NAME or _ID; keep the secret in a ManagedSecret and pass its ARN or name.`,
      obj('An environment variable.', {
        name: str('Name of the variable: a letter, then letters, digits or underscores.', {
          pattern: '^[a-zA-Z][a-zA-Z0-9_]+$', maxLength: 128,
          rules: [
            { rule: `!(self in ${JSON.stringify(RESERVED_ENVIRONMENT_VARIABLES)})`, message: `environment variable names must not be ones Lambda sets itself (${RESERVED_ENVIRONMENT_VARIABLES.join(', ')})` },
            {
              rule: `!self.upperAscii().matches('${SECRET_LIKE_NAME}') || self.upperAscii().matches('${SECRET_POINTER_SUFFIX}')`,
              message: 'environment variables must not hold secrets (names with PASSWORD, SECRET, TOKEN, PRIVATE_KEY, API_KEY or CREDENTIAL): keep the secret in a ManagedSecret, list it in permissions.readSecrets and pass its ARN or name in a variable ending in _ARN or _NAME',
            },
          ],
        }),
        value: str('Value of the variable.', {
          maxLength: MAX_ENVIRONMENT_BYTES,
          rules: [
            { rule: "!self.matches('(AKIA|ASIA)[0-9A-Z]{16}')", message: 'environment variable values must not hold AWS access keys: the function gets credentials from its execution role' },
            { rule: "!self.contains('PRIVATE KEY-----')", message: 'environment variable values must not hold private keys: keep them in a ManagedSecret' },
          ],
        }),
      }, { required: ['name', 'value'] }), { maxItems: 50, default: [...SECURE_FUNCTION_DEFAULTS.environmentVariables] }),
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
  },
  logRetentionDays: int(`Days the function's log group keeps logs: a CloudWatch retention value, at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod. Defaults to ${DEFAULT_LOG_RETENTION_DAYS.prod} in prod and ${DEFAULT_LOG_RETENTION_DAYS.other} otherwise.`, {
    minimum: 1, maximum: 3653,
    rules: [{ rule: `self in ${JSON.stringify(LOG_RETENTION_DAYS)}`, message: `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}` }],
  }),
  applicationLogLevel: str('Minimum level of the application logs Lambda sends to the log group (logs are JSON).', {
    enum: APPLICATION_LOG_LEVELS, default: SECURE_FUNCTION_DEFAULTS.applicationLogLevel,
  }),
  systemLogLevel: str('Minimum level of the Lambda platform logs (START, END, REPORT, errors).', {
    enum: SYSTEM_LOG_LEVELS, default: SECURE_FUNCTION_DEFAULTS.systemLogLevel,
  }),
  deadLetterSubscriptions: arr('Who receives the failed asynchronous events sent to the dead-letter topic (the event and its invocation record, which carry its data): email addresses or HTTPS endpoints (plain HTTP is refused), each confirming its subscription. SNS stores no messages: without a subscriber failed events are only counted (the topic\'s NumberOfMessagesPublished metric) and lost. At least one when tier is prod.',
    SUBSCRIBER, {
      default: [...SECURE_FUNCTION_DEFAULTS.deadLetterSubscriptions], maxItems: MAX_DEAD_LETTER_SUBSCRIPTIONS, listType: 'atomic',
      rules: [{ rule: 'self.all(a, self.exists_one(b, b.protocol == a.protocol && b.endpoint == a.endpoint))', message: 'deadLetterSubscriptions must be distinct' }],
    }),
  asyncInvocation: obj('Asynchronous invocations (S3 and other event sources): retries and maximum event age. Events that still fail, or expire, go to the function\'s encrypted dead-letter topic.', {
    maximumRetryAttempts: int('Retries after a failed asynchronous invocation.', { minimum: 0, maximum: 2, default: SECURE_FUNCTION_DEFAULTS.asyncInvocation.maximumRetryAttempts }),
    maximumEventAgeInSeconds: int('Seconds an asynchronous event may wait to be processed before it goes to the dead-letter topic.', {
      minimum: 60, maximum: 21600, default: SECURE_FUNCTION_DEFAULTS.asyncInvocation.maximumEventAgeInSeconds,
    }),
  }, { default: { ...SECURE_FUNCTION_DEFAULTS.asyncInvocation } }),
  permissions: obj('AWS access of the execution role beyond the baseline (its logs, network interfaces, traces, key and dead-letter topic), and the network paths and invoke permissions that go with it (databases, secret rotation). Each entry names a platform resource of this namespace; the role gets explicit actions on its ARN, and the KMS use its encryption needs through that service only.', {
    readBuckets: refs('SecureBucket', 'whose objects the function may read (GetObject, GetObjectVersion, ListBucket)'),
    writeBuckets: refs('SecureBucket', 'the function may write objects to (PutObject, AbortMultipartUpload; never delete)'),
    readTables: refs('SecureTable', 'the function may read, indexes included (GetItem, BatchGetItem, Query, Scan, ConditionCheckItem, DescribeTable)'),
    writeTables: refs('SecureTable', 'the function may write (PutItem, UpdateItem, DeleteItem, BatchWriteItem, ConditionCheckItem)'),
    readSecrets: refs('ManagedSecret', 'the function may read (GetSecretValue, DescribeSecret); each must also list the function\'s role in its allowedRoleArns'),
    decryptWith: refs('EncryptionKey', 'the code may call kms:Decrypt with directly (envelope encryption in the application)'),
    invokeFunctions: refs('SecureFunction', 'the code may invoke (lambda:InvokeFunction on each function\'s ARN); not this function itself'),
    // Each secret's policy then exempts this function's execution role (roleArnOf, the secret's default
    // spec.rotationRoleArn) from its read and write denies; a secret naming another function (or an alias of this
    // one) or exempting another role is refused (condition SecretRotationReady).
    rotateSecrets: refs('ManagedSecret', 'this function rotates (source Generated; set each one\'s rotationLambdaArn to this function\'s ARN, arn:aws:lambda:<region>:<accountId>:function:<functionName>): Secrets Manager may invoke the function for that secret, and the role may read, write and stage its versions, generate passwords and use its key through Secrets Manager'),
    // No rds-db:connect: the AuroraDatabase does not report its cluster resource id, which that permission's ARN needs.
    connectDatabases: refs('AuroraDatabase', 'in the function\'s Network, the function connects to: egress from the function\'s security group and ingress on the database\'s on the database port, and read access (GetSecretValue) to the master user secret'),
  }, {
    default: { ...SECURE_FUNCTION_DEFAULTS.permissions },
    rules: [{
      rule: '!has(self.rotateSecrets) || !has(self.readSecrets) || self.rotateSecrets.all(r, !self.readSecrets.exists(s, s.name == r.name))',
      message: 'a ManagedSecret in rotateSecrets must not also be in readSecrets: its rotation function reads it already',
      fieldPath: '.rotateSecrets',
    }],
  }),
  triggers: obj('Events that invoke the function.', {
    s3: arr('Object-created events of SecureBuckets (same namespace and region). The function owns the whole notification configuration of each bucket named: one SecureFunction per bucket, and the bucket must not set its own eventNotification.',
      obj('An S3 object-created trigger.', {
        bucketRef: ref('SecureBucket', 'whose new objects invoke the function'),
        prefix: str('Only objects whose key starts with this.', { minLength: 1, maxLength: 1024 }),
        suffix: str('Only objects whose key ends with this.', { minLength: 1, maxLength: 1024 }),
      }, { required: ['bucketRef'] }), { maxItems: MAX_REFERENCES }),
  }, { default: { ...SECURE_FUNCTION_DEFAULTS.triggers } }),
  permissionsBoundaryArn: str('ARN of an IAM managed policy bounding the execution role\'s permissions, where the account requires one.', {
    pattern: '^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]{1,512}$', maxLength: 600,
  }),
}, {
  required: [...COMMON_REQUIRED, 'networkRef', 'encryptionKeyRef', 'code'],
  rules: [
    ...COMMON_RULES,
    { rule: 'has(self.code.s3) == has(self.runtime)', message: 'runtime is required with code.s3, and not allowed with code.imageUri (the image brings its runtime)', fieldPath: '.runtime' },
    { rule: 'has(self.code.s3) == has(self.handler)', message: 'handler is required with code.s3, and not allowed with code.imageUri (set the image\'s CMD instead)', fieldPath: '.handler' },
    // <account>.dkr.ecr.<region>.amazonaws.com/...: the pattern fixes the fourth dot-separated part as the region.
    // (Comparing parts keeps the rule cheap for the API server's cost estimate; building a string would not.)
    { rule: "!has(self.code.imageUri) || self.code.imageUri.split('.')[3] == self.region", message: 'code.imageUri must be an ECR image of the function\'s region', fieldPath: '.code.imageUri' },
    { rule: "self.tier != 'prod' || !has(self.code.imageUri) || self.code.imageUri.contains('@sha256:')", message: 'code.imageUri must name the image by digest (@sha256:...) when tier is prod: a tag can be moved to other code', fieldPath: '.code.imageUri' },
    { rule: "self.tier != 'prod' || !has(self.code.s3) || has(self.code.s3.objectVersion)", message: 'code.s3.objectVersion is required when tier is prod: the key can be overwritten with other code', fieldPath: '.code.s3.objectVersion' },
    { rule: "self.tier != 'prod' || has(self.reservedConcurrency)", message: 'reservedConcurrency is required when tier is prod: size it for the load the function must carry', fieldPath: '.reservedConcurrency' },
    { rule: "self.tier != 'prod' || size(self.deadLetterSubscriptions) > 0", message: 'deadLetterSubscriptions must name at least one endpoint when tier is prod: SNS keeps no messages, so failed events nobody receives are lost', fieldPath: '.deadLetterSubscriptions' },
    { rule: `self.tier != 'prod' || !has(self.logRetentionDays) || self.logRetentionDays >= ${MIN_PROD_LOG_RETENTION_DAYS}`, message: `logRetentionDays must be at least ${MIN_PROD_LOG_RETENTION_DAYS} when tier is prod`, fieldPath: '.logRetentionDays' },
    { rule: '!has(oldSelf.functionName) || (has(self.functionName) && self.functionName == oldSelf.functionName)', message: 'functionName cannot change: Lambda functions cannot be renamed', fieldPath: '.functionName' },
    { rule: 'has(self.code.imageUri) == has(oldSelf.code.imageUri)', message: 'code cannot switch between s3 and imageUri: a function\'s package type is fixed when it is created', fieldPath: '.code' },
  ],
});

export const SECURE_FUNCTION_STATUS = obj('Observed outputs of the secure function.', {
  functionName: str('Name of the Lambda function.'),
  functionArn: str('ARN of the function, once the provider reports it.'),
  roleArn: str('ARN of the execution role, once the provider reports it.'),
  securityGroupId: str('Id of the function\'s security group, once created.'),
  logGroupName: str('CloudWatch log group of the function.'),
  deadLetterTopicArn: str('ARN of the SNS topic receiving failed asynchronous invocations, once the provider reports it.'),
  encryptionKeyArn: str('ARN of the KMS key encrypting environment variables, logs and the dead-letter topic, once the EncryptionKey reports it.'),
});

/**
 * An AWS Lambda function with a secure baseline: in the private subnets of a Network behind a security group
 * that allows only HTTPS out; an execution role with least-privilege permissions generated from what it
 * declares; environment variables, logs and its dead-letter topic encrypted with a customer-managed key;
 * X-Ray tracing; bounded timeout and memory (and concurrency: required in prod); failed asynchronous invocations
 * sent to the dead-letter topic and on to its subscribers. Derived from the schema above (its descriptions document
 * each field, its defaults fill them): the one statement of the API's parameters.
 */
export type SecureFunctionParameters = Infer<typeof SECURE_FUNCTION_SPEC>;
/** What a SecureFunction reports, derived from its status schema. */
export type SecureFunctionStatus = Infer<typeof SECURE_FUNCTION_STATUS>;
/** A platform resource of this namespace, by name. */
export type LocalReference = SecureFunctionParameters['networkRef'];
/** An environment variable of the function (names unique). */
export type EnvironmentVariable = SecureFunctionParameters['environmentVariables'][number];
/** An S3 object-created trigger: the bucket invokes the function for each new object matching the filters. */
export type S3Trigger = NonNullable<SecureFunctionParameters['triggers']['s3']>[number];
