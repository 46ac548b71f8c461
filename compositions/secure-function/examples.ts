/**
 * Example SecureFunction claims: documentation that is tested (composed, validated, rendered). They reference the
 * EncryptionKeys, Networks, SecureBuckets, SecureTables, ManagedSecrets and AuroraDatabases of those APIs'
 * examples, and each other.
 */
import type { SecureFunctionParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<SecureFunctionParameters> & Pick<SecureFunctionParameters, 'networkRef' | 'encryptionKeyRef' | 'code'> };

export const SECURE_FUNCTION_EXAMPLES: readonly Example[] = [
  {
    // The baseline only: logs, network interfaces, traces, its key and dead-letter topic (no subscriber: outside
    // prod failed events are then only counted).
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      networkRef: { name: 'minimal' }, encryptionKeyRef: { name: 'minimal' },
      runtime: 'python3.13', handler: 'app.handler',
      code: { s3: { bucket: 'team-a-dev-artifacts', key: 'hello/hello-1.0.0.zip' } },
      // Optional outside prod. Unset, the function draws on the account's unreserved pool and compliance rule
      // SB-LAMBDA-4 reports it; set, the account's limit must leave 10 unreserved (new accounts often have 10).
      reservedConcurrency: 2,
    },
  },
  {
    // A container image that resizes uploads: triggered by a bucket, reads and writes it, decrypts with a key, and
    // hands each result to the minimal function (lambda:InvokeFunction on that function's ARN only).
    name: 'image-resizer',
    spec: {
      environment: 'staging', tier: 'staging', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      networkRef: { name: 'minimal' }, encryptionKeyRef: { name: 'minimal' },
      description: 'Resizes uploaded images',
      code: { imageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-a/image-resizer:1.2.0' },
      architecture: 'arm64', memorySize: 1024, timeout: 120, reservedConcurrency: 5,
      environmentVariables: [{ name: 'OUTPUT_PREFIX', value: 'resized/' }],
      // Uploads that fail every retry go, with the event, to the team's incident webhook.
      deadLetterSubscriptions: [{ protocol: 'https', endpoint: 'https://hooks.example.com/team-a/lambda-failures' }],
      permissions: { readBuckets: [{ name: 'minimal' }], writeBuckets: [{ name: 'minimal' }], decryptWith: [{ name: 'minimal' }], invokeFunctions: [{ name: 'minimal' }] },
      triggers: { s3: [{ bucketRef: { name: 'minimal' }, prefix: 'uploads/', suffix: '.jpg' }, { bucketRef: { name: 'minimal' }, prefix: 'uploads/', suffix: '.png' }] },
    },
  },
  {
    name: 'prod-checkout',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      deletionProtection: true, dataClassification: 'restricted', tags: { Project: 'atlas' },
      networkRef: { name: 'prod-three-az' }, encryptionKeyRef: { name: 'prod-all-services' },
      // Its role is then arn:aws:iam::123456789012:role/checkout, which the ManagedSecret admits.
      functionName: 'checkout', description: 'Processes checkout orders',
      runtime: 'nodejs22.x', handler: 'index.handler',
      code: { s3: { bucket: 'team-a-prod-artifacts', key: 'checkout/checkout-2.3.1.zip', objectVersion: '3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' } },
      architecture: 'arm64', memorySize: 512, timeout: 30, reservedConcurrency: 50,
      environmentVariables: [
        { name: 'ORDERS_TABLE_NAME', value: 'team-a-prod-orders' },
        { name: 'PAYMENT_TOKEN_SECRET_NAME', value: 'prod/checkout/payment-token' },
        { name: 'LOG_SAMPLE_RATE', value: '0.1' },
      ],
      logRetentionDays: 731, applicationLogLevel: 'INFO', systemLogLevel: 'WARN',
      asyncInvocation: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600 },
      // Required in prod: failed events reach someone instead of being dropped by SNS.
      deadLetterSubscriptions: [{ protocol: 'email', endpoint: 'team-a-oncall@example.com' }],
      permissions: {
        readBuckets: [{ name: 'prod-everything' }],
        readTables: [{ name: 'prod-orders' }],
        writeTables: [{ name: 'prod-orders' }],
        readSecrets: [{ name: 'prod-from-kubernetes-secret' }],
        // Port 5432 to and from the database's security group, and its master user secret.
        connectDatabases: [{ name: 'prod-postgres' }],
      },
    },
  },
  {
    // The rotation function of the minimal ManagedSecret: that secret's rotationLambdaArn is this function's ARN,
    // arn:aws:lambda:eu-west-1:123456789012:function:rotate-api-key (functionArnOf). Secrets Manager may invoke it
    // for that secret only; its role may rotate exactly that secret.
    name: 'secret-rotator',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      networkRef: { name: 'minimal' }, encryptionKeyRef: { name: 'minimal' },
      functionName: 'rotate-api-key', description: 'Rotates the API key secret',
      runtime: 'python3.13', handler: 'rotation.lambda_handler',
      code: { s3: { bucket: 'team-a-dev-artifacts', key: 'rotation/rotate-api-key-1.0.0.zip' } },
      timeout: 60, reservedConcurrency: 2,
      permissions: { rotateSecrets: [{ name: 'minimal' }] },
    },
  },
];
