/**
 * Requirement scenario of document 000: a two-function Python microservice (an API handler and a data processor)
 * behind an API Gateway REST API with an API key and a usage plan, in a two-zone VPC with NAT and flow logs, one
 * customer-managed key for its secrets, data bucket, DynamoDB table and CloudTrail trail, and the company's tags.
 * README.md maps every requirement of the document to what meets it here.
 */
import type { Scenario } from '../index';

/** Placeholder account of this scenario (replace with the real one). */
const ACCOUNT = '400000000000';
const REGION = 'us-east-1';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/**
 * Names the document uses or derives. Functions are named `<environment>-<member>` by default, and so are their
 * execution roles, which the secrets' policies must name.
 */
const DATA_PROCESSOR = 'secure-microservice-data-processor';
const TABLE_NAME = 'secure-microservice-data';
const DATA_BUCKET = `secure-microservice-data-${ACCOUNT}-${REGION}`;
/** The CI artifact bucket the function packages are uploaded to (outside this environment). */
const ARTIFACT_BUCKET = `secure-microservice-artifacts-${ACCOUNT}-${REGION}`;

const key = { name: 'microservice' } as const;
/**
 * Who gets the functions' failed asynchronous events (prod requires a subscriber: SNS keeps no messages). The
 * document has none; the team that gets the alarms.
 */
const ON_FAILURE = [{ protocol: 'email', endpoint: 'platform-engineering@example.com' }] as const;

export const SCENARIO: Scenario = {
  name: 'secure-microservice',
  document: '000',
  environment: {
    name: 'secure-microservice',
    // The document labels everything "production": prod tier, hence deletion protection (its DESTROY removal
    // policies are deliberately not reproduced) and the prod minimums on retention, NAT and concurrency.
    tier: 'prod',
    accountId: ACCOUNT,
    region: REGION,
    owner: 'solution-architect',
    costCenter: 'engineering-ops',
    // The company tags the platform does not set itself (Environment, Owner and CostCenter it does).
    tags: { Team: 'platform-engineering', Project: 'secure-microservice', Compliance: 'required' },

    // One symmetric CMK with rotation, as in the document; every service that encrypts with it is admitted by
    // name: Secrets Manager, S3, DynamoDB, CloudTrail (the document's four), plus what the platform encrypts on
    // top: log groups (logs), flow-log delivery (log-delivery), function environments (lambda), alarm topic (sns).
    encryptionKeys: [{
      ...key,
      description: 'Microservice encryption: secrets, data bucket, table, CloudTrail and logs',
      aliasName: 'secure-microservice/microservice',
      services: ['cloudtrail', 'dynamodb', 'lambda', 'log-delivery', 'logs', 's3', 'secretsmanager', 'sns'],
    }],

    // The document's VPC: CDK's default 10.0.0.0/16, two zones, public + private-with-egress + isolated tiers.
    network: {
      name: 'secure-microservice',
      cidr: '10.0.0.0/16',
      encryptionKeyRef: key,
      availabilityZones: 2,
      availabilityZoneNames: ['us-east-1a', 'us-east-1b'],
      publicSubnets: true,
      // The document's single NAT gateway is refused in prod: one per zone, so a zone outage keeps egress.
      natGateways: 'OnePerAz',
      // Flow logs also go to CloudWatch Logs, as in the document; 365 days is the prod minimum (document: 30).
      flowLogsToCloudWatch: true,
      flowLogRetentionDays: 365,
    },

    buckets: [{
      name: 'data',
      encryptionKeyRef: key,
      bucketName: DATA_BUCKET,
      // STANDARD_IA after 30 days, GLACIER after 90, no expiration of current objects.
      transitions: [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 90, storageClass: 'GLACIER' }],
      // The document keeps access logs 90 days; prod requires at least 365.
      accessLogRetentionDays: 365,
    }],

    tables: [{
      name: 'data',
      encryptionKeyRef: key,
      tableName: TABLE_NAME,
      billingMode: 'PAY_PER_REQUEST',
      partitionKey: { name: 'id', type: 'S' },
      sortKey: { name: 'timestamp', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    }],

    // The document's generated JSON values ({"username":"admin","password":<32 chars>} and
    // {"third_party_api":"placeholder","api_key":<64 chars>}) are generated out of band into Kubernetes Secrets
    // (README): a Generated secret needs a rotation function, and the document wants no rotation.
    secrets: [
      {
        name: 'db-credentials',
        encryptionKeyRef: key,
        description: 'Database credentials for microservice',
        source: 'KubernetesSecret',
        valueFrom: { secretName: 'secure-microservice-db-credentials', key: 'credentials' },
        allowedRoleArns: [role(DATA_PROCESSOR)],
        // The provider writes the value from the Kubernetes Secret, so the secret's policy must let it.
        providerRoleArn: role('secure-baseline-crossplane-provider'),
      },
      {
        name: 'api-keys',
        encryptionKeyRef: key,
        description: 'API keys for external services',
        source: 'KubernetesSecret',
        valueFrom: { secretName: 'secure-microservice-api-keys', key: 'credentials' },
        allowedRoleArns: [role(DATA_PROCESSOR)],
        providerRoleArn: role('secure-baseline-crossplane-provider'),
      },
    ],

    functions: [
      {
        name: 'data-processor',
        networkRef: { name: 'secure-microservice' },
        encryptionKeyRef: key,
        description: 'Processes data: reads the secrets, the table and the data bucket',
        // python3.9 is deprecated (no security patches); python3.12 is the nearest runtime still supported.
        runtime: 'python3.12',
        handler: 'index.handler',
        code: { s3: { bucket: ARTIFACT_BUCKET, key: 'data-processor/data-processor-1.0.0.zip', objectVersion: 'REPLACE-with-the-CI-upload-version-id' } },
        timeout: 30,
        memorySize: 256,
        // Required in prod: about 1000 requests/s (the usage plan's rate) at ~100 ms each.
        reservedConcurrency: 100,
        // 365 days is the prod minimum (document: 30).
        logRetentionDays: 365,
        deadLetterSubscriptions: [...ON_FAILURE],
        // Pointers, never values. Secret ARNs end in a random suffix unknown before creation: GetSecretValue takes
        // the name as well. KMS takes the alias wherever it takes a key id.
        environmentVariables: [
          { name: 'DB_SECRET_NAME', value: 'secure-microservice/db-credentials' },
          { name: 'API_SECRET_NAME', value: 'secure-microservice/api-keys' },
          { name: 'DYNAMODB_TABLE', value: TABLE_NAME },
          { name: 'S3_BUCKET', value: DATA_BUCKET },
          { name: 'KMS_KEY_ID', value: 'alias/secure-microservice/microservice' },
        ],
        permissions: {
          readTables: [{ name: 'data' }],
          writeTables: [{ name: 'data' }],
          readBuckets: [{ name: 'data' }],
          writeBuckets: [{ name: 'data' }],
          readSecrets: [{ name: 'db-credentials' }, { name: 'api-keys' }],
          // kms:Decrypt on the CMK without kms:ViaService is in the baseline of every function with environment
          // variables (Lambda decrypts them with the role), and the key is also this function's own.
        },
      },
      {
        name: 'api-handler',
        networkRef: { name: 'secure-microservice' },
        encryptionKeyRef: key,
        description: 'Routes GET /health and POST /process (to the data processor)',
        runtime: 'python3.12',
        handler: 'index.handler',
        code: { s3: { bucket: ARTIFACT_BUCKET, key: 'api-handler/api-handler-1.0.0.zip', objectVersion: 'REPLACE-with-the-CI-upload-version-id' } },
        timeout: 30,
        memorySize: 256,
        reservedConcurrency: 100,
        logRetentionDays: 365,
        deadLetterSubscriptions: [...ON_FAILURE],
        environmentVariables: [
          { name: 'DATA_PROCESSOR_FUNCTION', value: DATA_PROCESSOR },
          { name: 'DYNAMODB_TABLE', value: TABLE_NAME },
        ],
        // Reads the table, and invokes the data processor for POST /process: lambda:InvokeFunction on that
        // function's ARN only (as it reports it), nothing on any other function.
        permissions: { readTables: [{ name: 'data' }], invokeFunctions: [{ name: 'data-processor' }] },
      },
    ],

    apis: [{
      name: 'api',
      encryptionKeyRef: key,
      apiName: 'secure-microservice-api',
      description: 'Secure microservice API with comprehensive logging',
      stageName: 'prod',
      // The document creates an API key and a usage plan but never requires the key; here both routes do.
      routes: [
        { path: '/health', method: 'GET', functionRef: { name: 'api-handler' }, authorization: 'ApiKey' },
        { path: '/process', method: 'POST', functionRef: { name: 'api-handler' }, authorization: 'ApiKey' },
      ],
      // Stage-wide throttling no lower than the plan's, so the plan is what limits the one key.
      throttling: { rateLimit: 1000, burstLimit: 2000 },
      usagePlan: { rateLimit: 1000, burstLimit: 2000, quotaLimit: 10000, quotaPeriod: 'DAY' },
      executionLogLevel: 'INFO',
      // 365 days is the prod minimum (document: 30).
      logRetentionDays: 365,
    }],

    // The document's multi-region trail (member name → trail secure-microservice-trail) writing to its own bucket.
    complianceMonitoring: {
      name: 'trail',
      encryptionKeyRef: key,
      auditBucketName: `secure-microservice-cloudtrail-${ACCOUNT}-${REGION}`,
      // The document keeps no CloudWatch copy; the platform does (for the CIS alarms), 365 days in prod.
      trailLogRetentionDays: 365,
      // The document's 365-day expiry of the trail's log files (also the prod floor for audit evidence).
      auditLogExpirationDays: 365,
      // prod refuses alarms nobody receives.
      subscriptions: [{ protocol: 'email', endpoint: 'platform-engineering@example.com' }],
    },
  },
};
