/**
 * Requirement document 003: the security baseline of a SOC2 / PCI-DSS financial-services company running a core
 * banking application in us-east-1 (production). One SecureEnvironment: one customer-managed key for every piece
 * of data at rest, a 3-AZ VPC with isolated database subnets and flow logs to an encrypted bucket, an Aurora
 * MySQL cluster (TLS 1.2+, deletion protection, encrypted backups), an application-data bucket, configuration in
 * SSM SecureStrings, continuous compliance monitoring (CloudTrail, AWS Config, CIS alarms, encrypted SNS) and IAM
 * guardrails (MFA, explicit denies, one-hour sessions). README.md maps every requirement to what meets it.
 */
import { providerRoleOf } from '../../config/environments';
import type { Scenario } from '../index';

const NAME = 'financial-services-baseline';
const ACCOUNT = '400000000003';
const REGION = 'us-east-1';
/** The three zones of the VPC; the database instances use the first two (multi-AZ), the subnet group all three. */
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
/** Cardholder and banking data: the strictest classification, tagged on every resource (DataClassification). */
const PCI = { dataClassification: 'restricted' } as const;
/** The one customer-managed key of the environment (the document asks for a single CMK for all data at rest). */
const cmk = { name: 'cmk' } as const;

export const SCENARIO: Scenario = {
  name: NAME,
  document: '003',
  environment: {
    name: NAME,
    // Production: deletion protection is forced (managed resources get no Delete management policy, Aurora its
    // engine-level deletion protection). Test environments of the same shape use tier dev or staging, where
    // everything is deletable (the document's "destroyable for testing").
    tier: 'prod',
    accountId: ACCOUNT,
    region: REGION,
    owner: 'core-banking-platform',
    costCenter: 'fin-core-banking',
    tags: { Compliance: 'soc2-pci-dss', Workload: 'core-banking' },

    encryptionKeys: [{
      ...cmk, ...PCI,
      description: `Customer-managed key of ${NAME}: all data at rest (Aurora, S3, logs, SNS, SSM, backups)`,
      // Only the services that store data of this environment with the key, each pinned to this account and to
      // its own use of the key (kms:ViaService + kms:CallerAccount, source account or encryption context).
      services: ['rds', 's3', 'logs', 'log-delivery', 'sns', 'ssm', 'cloudtrail', 'secretsmanager'],
    }],

    network: {
      name: 'banking', ...PCI,
      // The document gives no CIDR: a /16 of 10.0.0.0/8.
      cidr: '10.30.0.0/16',
      encryptionKeyRef: cmk,
      availabilityZones: 3,
      availabilityZoneNames: ZONES,
      // Zero trust: no internet or NAT gateway at all (stricter than "HTTPS out only"); AWS APIs are reached
      // through interface endpoints (private DNS, HTTPS from the VPC only) and the S3 and DynamoDB gateway
      // endpoints every Network has.
      publicSubnets: false,
      interfaceEndpoints: ['kms', 'logs', 'monitoring', 'secretsmanager', 'ssm', 'sts'],
      // The document's convention <resource-type>-<environment>-<suffix>; the account id makes it globally unique.
      flowLogBucketName: `flow-logs-${NAME}-${ACCOUNT}`,
      // At least 90 days asked; 365 is the platform's minimum in prod.
      flowLogRetentionDays: 365,
    },

    buckets: [{
      name: 'app-data', ...PCI,
      bucketName: `app-data-${NAME}-${ACCOUNT}`,
      encryptionKeyRef: cmk,
      // Lifecycle "where appropriate": replaced versions kept a year, then expire; incomplete uploads aborted
      // after a week (API default); older data moves to Infrequent Access.
      noncurrentVersionExpirationDays: 365,
      transitions: [{ days: 90, storageClass: 'STANDARD_IA' }],
      // Access logs kept one year (the prod minimum; PCI DSS 10.5.1 asks for 12 months of audit history).
      accessLogRetentionDays: 365,
    }],

    databases: [{
      name: 'core-banking', ...PCI,
      networkRef: { name: 'banking' },
      encryptionKeyRef: cmk,
      // Aurora MySQL 3 (MySQL 8.0 compatible): require_secure_transport=ON and tls_version=TLSv1.2,TLSv1.3.
      engine: 'mysql',
      engineVersion: '8.0.mysql_aurora.3.08.0',
      instanceClass: 'db.r6g.large',
      // A writer and a failover reader in two zones; the subnet group spans all three database subnets.
      instances: 2,
      availabilityZones: ZONES,
      databaseName: 'corebanking',
      masterUsername: 'corebank_owner',
      // "Appropriate" retention: the longest Aurora keeps (35 days), encrypted with the CMK like the storage.
      backupRetentionDays: 35,
      logRetentionDays: 365,
      // MySQL 3306 only from the core banking application's security group (a placeholder: replace it with the
      // application tier's group).
      allowedSecurityGroupIds: ['sg-0c0ba4c1a9e5f3d21'],
    }],

    parameters: [{
      name: 'core-banking', ...PCI,
      encryptionKeyRef: cmk,
      application: 'core-banking',
      // Every one a SecureString under /financial-services-baseline/core-banking/, encrypted with the CMK.
      parameters: [
        // The database endpoint and port again under the environment's path (AuroraDatabase also publishes them
        // under /aurora/<cluster>/), read from the cluster's connection Secret: the workload boundary lets
        // workload roles read /<environment>/* only.
        { name: 'db-writer-endpoint', valueFrom: { secretName: 'core-banking-aurora-connection', key: 'endpoint' }, description: 'Writer endpoint of the core banking Aurora cluster' },
        { name: 'db-port', valueFrom: { secretName: 'core-banking-aurora-connection', key: 'port' }, description: 'Port of the core banking Aurora cluster' },
        // Secure configuration: the value lives in a Kubernetes Secret created out of band, never in git.
        { name: 'card-vault-api-token', valueFrom: { secretName: 'core-banking-secure-config', key: 'card-vault-api-token' }, description: 'Token of the card vault (tokenization) service' },
        // Not secret, still stored as a SecureString with the CMK ("encrypt every parameter").
        { name: 'tls-ca-bundle-id', value: 'rds-ca-rsa2048-g1', description: 'RDS CA clients verify the database certificate against (verify-full)' },
      ],
    }],

    complianceMonitoring: {
      name: 'compliance', ...PCI,
      encryptionKeyRef: cmk,
      // us-east-1 is the account's home region: the multi-region trail, its log group and the CIS alarms live here.
      homeRegion: true,
      // The separate audit-log bucket: CloudTrail log files and AWS Config snapshots, kept at least 90 days
      // (write once, read many); GOVERNANCE so a test copy can still be cleaned up by a privileged, MFA'd user.
      auditBucketName: `audit-logs-${NAME}-${ACCOUNT}`,
      auditObjectLock: { mode: 'GOVERNANCE', days: 90 },
      // The document's lifecycle expiry of the audit logs. It asks for 90 days; prod requires a year of audit
      // evidence (PCI DSS 10.5.1, which this document is audited against), so they expire after 365. A test copy
      // (tier dev or staging) may use the document's 90.
      auditLogExpirationDays: 365,
      trailLogRetentionDays: 365,
      // No API Gateway in this environment: no regional API Gateway logging role either (least privilege).
      apiGatewayLoggingRole: false,
      // Security alerts: the document gives no endpoint. An HTTPS endpoint of the security operations centre (a
      // placeholder) rather than email, so alerts are encrypted in transit all the way, as the document asks.
      subscriptions: [{ protocol: 'https', endpoint: 'https://soc.example.com/hooks/aws-security-alerts' }],
    },

    accessGuardrails: {
      name: 'guardrails', ...PCI,
      // Data residency: requests to any other region are denied (global services excepted).
      allowedRegions: [REGION],
      // The Crossplane provider's role manages IAM, trails and keys: exempt from the guardrails it enforces.
      providerRoleArn: providerRoleOf(ACCOUNT),
      workloadRoles: [{
        // The core banking application's role (the document names no compute: ECS tasks assumed here). Least
        // privilege: it may read its own configuration and nothing else; the boundary caps it further.
        name: 'core-banking-app',
        trustedService: 'ecs-tasks.amazonaws.com',
        statements: [{
          sid: 'ReadOwnConfiguration',
          actions: ['ssm:GetParameter', 'ssm:GetParameters'],
          resources: ['db-writer-endpoint', 'db-port', 'card-vault-api-token', 'tls-ca-bundle-id']
            .map((p) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${NAME}/core-banking/${p}`),
        }],
      }],
      // People who operate the environment (an existing role): region restriction, explicit denies and MFA for
      // sensitive operations.
      attachTo: { roleNames: ['core-banking-operators'], serviceRoleNames: [] },
    },
  },
};
