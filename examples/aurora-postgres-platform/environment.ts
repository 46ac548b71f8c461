/**
 * Requirement document 002: a secure, compliant home for the Test Automation Platform (TAP) in us-east-1. It holds
 * a highly available Aurora PostgreSQL 16.9 cluster in private subnets, a data-processing Lambda function in the
 * VPC, KMS-encrypted S3 buckets, one rotating customer-managed key, and monitoring: CIS metric filters and alarms
 * to SNS, AWS Config rules, GuardDuty and Security Hub findings through EventBridge. A region lock completes it.
 * Every value below comes from the document, or is marked as chosen where the document leaves it open.
 * README.md maps each requirement to the field that meets it.
 */
import { providerRoleOf } from '../../config/environments';
import type { Scenario } from '../index';

/** Environment name = namespace = the "environment suffix" every AWS name carries (see README, items 2-3). */
const ENV = 'aurora-postgres-platform';
/** Placeholder account of this scenario; replace it with the real one. */
const ACCOUNT = '400000000002';
/** The document's primary and only region. */
const REGION = 'us-east-1';
/** The one customer-managed key the document asks for (member name; alias `aurora-postgres-platform/tap`). */
const KEY = 'tap';
/** The data-processing function; its Lambda function and execution role are both named `<ENV>-data-processor`. */
const FUNCTION = 'data-processor';
const FUNCTION_ROLE = `${ENV}-${FUNCTION}`;

export const SCENARIO: Scenario = {
  name: ENV,
  document: '002',
  environment: {
    name: ENV,
    // The document wants everything destroyable: no deletion protection, no retained resources, and no final
    // snapshot for Aurora. tier prod forces deletion protection. staging keeps a final Aurora snapshot. Only dev
    // lets the cluster go without one. The document's own values (2 instances, 7-day backups, TLS, monitoring)
    // are set explicitly below, so the lower tier changes only the defaults the document does not fix.
    tier: 'dev',
    accountId: ACCOUNT,
    region: REGION,
    // Owner and cost center are chosen: the document names neither.
    owner: 'tap-platform-team',
    costCenter: 'tap',
    // Name tags differ per resource, so they cannot go in this map (README item 3b). These tags are on every resource.
    tags: { Project: 'test-automation-platform', EnvironmentSuffix: ENV },

    // One CMK, rotating automatically (always on; yearly by default). Each service that must use it is listed,
    // and only those: CloudWatch Logs (log groups, with the encryption-context condition), CloudTrail, SNS (the
    // alarm topic and its CloudWatch/EventBridge publishers), Secrets Manager (the RDS-managed master secret),
    // RDS (storage, Performance Insights), S3 (data and audit buckets), Lambda (environment variables), SSM (the
    // database's endpoint parameters) and log delivery (VPC flow logs into the SSE-KMS bucket).
    encryptionKeys: [
      {
        name: KEY,
        description: 'Test Automation Platform data, logs, database and secrets at rest',
        services: ['cloudtrail', 'lambda', 'log-delivery', 'logs', 'rds', 's3', 'secretsmanager', 'sns', 'ssm'],
      },
    ],

    // The VPC with DNS support and hostnames. Private subnets (for the function) and isolated database subnets
    // (for Aurora) span two AZs ("multiple AZs"). It has no public subnets, internet gateway or NAT, as the
    // document mentions none. AWS APIs are reached through the S3 gateway endpoint and interface endpoints
    // (Secrets Manager, KMS, Logs, STS). Flow logs of all traffic go to an SSE-KMS, versioned S3 bucket of their own.
    // The CIDR is not in the document; this one is chosen.
    network: {
      name: ENV,
      cidr: '10.0.0.0/16',
      availabilityZones: 2,
      availabilityZoneNames: ['us-east-1a', 'us-east-1b'],
      publicSubnets: false,
      encryptionKeyRef: { name: KEY },
      flowLogBucketName: `flow-logs-${ENV}-${ACCOUNT}`,
      interfaceEndpoints: ['secretsmanager', 'kms', 'logs', 'sts'],
    },

    // The data bucket: SSE-KMS with the CMK, versioned, with an encryption-enforcing bucket policy. Its
    // server-access-log bucket is `<bucketName>-logs`, also versioned. Names follow the document's
    // `<resource-type>-<suffix>` pattern, plus the account so the global S3 name is unique.
    buckets: [
      { name: 'data', encryptionKeyRef: { name: KEY }, bucketName: `data-${ENV}-${ACCOUNT}`, dataClassification: 'confidential' },
    ],

    // Aurora PostgreSQL 16.9. It has a writer and a reader in two AZs, uses the database subnets (never public),
    // and enforces TLS (rds.force_ssl=1). Enhanced Monitoring runs every 60 s with its own role, and Performance
    // Insights keeps 7 days, both set by the API. The postgresql log goes to CloudWatch (kept 90 days, like every
    // log group here). Backups are kept 7 days. Storage, PI, the logs and the master secret use the CMK. RDS
    // generates the master password and keeps it in Secrets Manager.
    // allowedSecurityGroupIds stays empty: the one client, the data processor, declares the connection itself
    // (connectDatabases below), which adds the ingress rule from its security group to this cluster's (README 10b).
    databases: [
      {
        name: KEY,
        networkRef: { name: ENV },
        encryptionKeyRef: { name: KEY },
        engine: 'postgresql',
        engineVersion: '16.9',
        // Not in the document: a memory-optimized Graviton class, production-grade and not burstable.
        instanceClass: 'db.r6g.large',
        instances: 2,
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        databaseName: 'tap',
        masterUsername: 'tap_owner',
        backupRetentionDays: 7,
        logRetentionDays: 90,
        dataClassification: 'confidential',
      },
    ],

    // The data processor. The document's runtime python3.11 reached AWS's deprecation date (2026-06-30), and the
    // API refuses deprecated runtimes, so it uses the nearest allowed one, python3.12. It runs in the private
    // subnets behind a security group with one egress rule and no ingress. Its environment carries the bucket
    // name and the key (by alias: KMS accepts an alias wherever a KeyId is asked, and it is known before the key
    // exists). Its role may read and write the data bucket's objects (with KMS through S3) and decrypt with the
    // key. It connects to the database: port 5432 from its security group to the cluster's (egress on its group,
    // ingress on the cluster's), and it may read the RDS-managed master secret (decrypted with the key through
    // Secrets Manager). Nothing else. The code is a zip that CI publishes to its artifact bucket.
    functions: [
      {
        name: FUNCTION,
        networkRef: { name: ENV },
        encryptionKeyRef: { name: KEY },
        description: 'TAP data processing: reads and writes objects of the data bucket',
        runtime: 'python3.12',
        handler: 'data_processor.handler',
        code: { s3: { bucket: `ci-artifacts-${ENV}-${ACCOUNT}`, key: 'data-processor/data-processor-1.0.0.zip' } },
        environmentVariables: [
          { name: 'DATA_BUCKET_NAME', value: `data-${ENV}-${ACCOUNT}` },
          { name: 'KMS_KEY_ID', value: `alias/${ENV}/${KEY}` },
        ],
        logRetentionDays: 90,
        // Not in the document (dev sets none by default): caps the connections the processor opens to the
        // database. Lambda reserves it only where the account's concurrency limit leaves 10 unreserved (above 15).
        reservedConcurrency: 5,
        permissions: {
          readBuckets: [{ name: 'data' }],
          writeBuckets: [{ name: 'data' }],
          decryptWith: [{ name: KEY }],
          connectDatabases: [{ name: KEY }],
        },
      },
    ],

    // Monitoring of the account in its home region. It includes a multi-region trail that feeds an encrypted log
    // group (kept 90 days). The metric filters need that feed, though the document does not ask for the trail.
    // On the log group are the CIS metric filters, each with an alarm (>= 1 in 5 minutes) to the CMK-encrypted
    // SNS topic; they include unauthorized API calls, root usage and security-group changes. AWS Config has a
    // recorder of all resources, its AWS_ConfigRole role and a delivery channel to the audit bucket, and is
    // switched on. Its managed rules include the encryption ones. EventBridge sends GuardDuty and Security Hub
    // findings to the topic.
    complianceMonitoring: {
      encryptionKeyRef: { name: KEY },
      homeRegion: true,
      auditBucketName: `audit-${ENV}-${ACCOUNT}`,
      trailLogRetentionDays: 90,
      // The document routes GuardDuty findings without a threshold. LOW (severity >= 1) forwards every one.
      guardDutyMinimumSeverity: 'LOW',
      // Placeholder recipient: the document asks for an SNS topic for alarms but names no subscriber.
      subscriptions: [{ protocol: 'email', endpoint: 'tap-security-alerts@example.com' }],
    },

    // The region lock: requests outside us-east-1 are denied, except to global services. The deny is attached to
    // the function's execution role, the document's "region condition on the role's policies". The provider's
    // role is exempt (it manages IAM and the trail).
    accessGuardrails: {
      allowedRegions: [REGION],
      providerRoleArn: providerRoleOf(ACCOUNT),
      attachTo: { roleNames: [], serviceRoleNames: [FUNCTION_ROLE] },
    },
  },
};
