/**
 * The environments synth writes, in one typed place. Adding an environment is one entry in ENVIRONMENTS. Each
 * becomes one SecureEnvironment claim; its tier decides the stricter defaults (TIER_DEFAULTS, applied by the
 * SecureEnvironment in the cluster), which a member may tighten but the APIs' validation keeps from loosening in prod.
 */
import type { CommonParameters, ComplianceSettings, Tier } from '../lib/common';
import type { AuroraDatabaseParameters } from '../compositions/aurora-database/parameters';
import type { ConfigParameterParameters } from '../compositions/config-parameter/parameters';
import type { EncryptionKeyParameters } from '../compositions/encryption-key/parameters';
import type { ManagedSecretParameters } from '../compositions/managed-secret/parameters';
import type { NetworkParameters } from '../compositions/network/parameters';
import type { SecureBucketParameters } from '../compositions/secure-bucket/parameters';
import type { SecureTableParameters } from '../compositions/secure-table/parameters';
import type { SecureFunctionParameters } from '../compositions/secure-function/parameters';
import type { SecureApiParameters } from '../compositions/secure-api/parameters';
import type { ComplianceMonitoringParameters } from '../compositions/compliance-monitoring/parameters';
import type { AccessGuardrailsParameters } from '../compositions/access-guardrails/parameters';
import type { TeamConfig } from './teams';

/**
 * What a claim of API P states itself: its own parameters (defaults may be left out) and, if it differs from
 * the API's default, its data classification; the environment gives the other common parameters.
 */
type ClaimOf<P, Needed extends keyof P> = Pick<P, Needed> & Partial<Omit<P, keyof CommonParameters | Needed>>
  & Partial<Pick<CommonParameters, 'dataClassification'>>;


/** A member of an environment: a claim of API P with the name of its nested resource. */
type MemberOf<P, Needed extends keyof P> = { readonly name: string } & ClaimOf<P, Needed>;

/**
 * One environment: where it lives and what it holds. Synth turns it into a Namespace and one SecureEnvironment
 * claim (see synth/claims.ts), which composes every member as its own platform resource.
 */
export interface EnvironmentConfig {
  /** Environment name; also the namespace its resources live in. */
  readonly name: string;
  readonly tier: Tier;
  readonly accountId: string;
  readonly region: string;
  readonly owner: string;
  readonly costCenter: string;
  /** Extra tags on every resource of the environment. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Compliance enforcement and accepted failures (with reason and expiry). @default enforce in prod, no suppressions */
  readonly compliance?: Partial<ComplianceSettings>;
  readonly encryptionKeys: readonly MemberOf<EncryptionKeyParameters, 'description'>[];
  readonly network?: Partial<MemberOf<NetworkParameters, 'cidr' | 'encryptionKeyRef'>>;
  readonly buckets?: readonly MemberOf<SecureBucketParameters, 'encryptionKeyRef'>[];
  readonly databases?: readonly MemberOf<AuroraDatabaseParameters, 'networkRef' | 'encryptionKeyRef'>[];
  readonly tables?: readonly MemberOf<SecureTableParameters, 'encryptionKeyRef' | 'partitionKey'>[];
  readonly secrets?: readonly MemberOf<ManagedSecretParameters, 'encryptionKeyRef'>[];
  readonly parameters?: readonly MemberOf<ConfigParameterParameters, 'encryptionKeyRef' | 'application' | 'parameters'>[];
  readonly functions?: readonly MemberOf<SecureFunctionParameters, 'networkRef' | 'encryptionKeyRef' | 'code'>[];
  readonly apis?: readonly MemberOf<SecureApiParameters, 'encryptionKeyRef' | 'routes'>[];
  /** Once per account and region. */
  readonly complianceMonitoring?: Partial<MemberOf<ComplianceMonitoringParameters, 'encryptionKeyRef'>>;
  readonly accessGuardrails?: Partial<MemberOf<AccessGuardrailsParameters, 'providerRoleArn'>>;
  /** Teams with a namespace of their own (`<env>-<team>`) in which they manage the platform's XRs (charts/team.ts). */
  readonly teams?: readonly TeamConfig[];
}

/** What every environment has: its keys (least privilege: each admits only the services that use it), network, data bucket, compliance monitoring and guardrails. */
const shared = (cidr: string, accountId: string) => ({
  encryptionKeys: [
    { name: 'app-data', description: 'Application data at rest', services: ['s3', 'log-delivery', 'logs'] },
    { name: 'audit', description: 'Audit trail, configuration history and security alarms', services: ['cloudtrail', 'logs', 'sns', 's3'] },
  ],
  network: { name: 'main', cidr, encryptionKeyRef: { name: 'app-data' } },
  buckets: [
    { name: 'app-data', encryptionKeyRef: { name: 'app-data' }, dataClassification: 'confidential' },
  ],
  // Each environment is an account of its own here, so each monitors its account (once per account and region).
  complianceMonitoring: { encryptionKeyRef: { name: 'audit' }, subscriptions: [{ protocol: 'email', endpoint: 'security-alerts@example.com' }] },
  accessGuardrails: { providerRoleArn: providerRoleOf(accountId) },
}) satisfies Partial<EnvironmentConfig>;

/**
 * The IAM role Crossplane's AWS provider acts as in an environment's account: its environment's
 * ClusterProviderConfig (charts/environment.ts) assumes it, and the access guardrails exempt it from their denies.
 */
export const providerRoleOf = (accountId: string) => `arn:aws:iam::${accountId}:role/secure-baseline-crossplane-provider`;

const common = { region: 'us-east-1', owner: 'platform-team', costCenter: 'cc-1001' } as const;

// Account ids are placeholders: replace them with your accounts.
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  {
    name: 'dev', tier: 'dev', accountId: '111111111111', ...common, ...shared('10.10.0.0/16', '111111111111'),
    teams: [
      {
        name: 'payments', providerRoleArn: 'arn:aws:iam::111111111111:role/team-payments-crossplane',
        quota: { perKind: 5, kinds: { AuroraDatabase: 1, SecureEnvironment: 1, ComplianceMonitoring: 0, AccessGuardrails: 0 } },
      },
    ],
  },
  { name: 'staging', tier: 'staging', accountId: '222222222222', ...common, ...shared('10.20.0.0/16', '222222222222') },
  {
    name: 'prod', tier: 'prod', accountId: '333333333333', ...common,
    tags: { Compliance: 'soc2' },
    ...shared('10.30.0.0/16', '333333333333'),
    encryptionKeys: [
      {
        name: 'app-data', description: 'Application data at rest',
        services: ['s3', 'log-delivery', 'logs', 'rds', 'secretsmanager', 'ssm', 'dynamodb', 'lambda', 'sns'],
      },
      { name: 'audit-evidence', description: 'Audit evidence at rest', services: ['s3'] },
      { name: 'audit', description: 'Audit trail, configuration history and security alarms', services: ['cloudtrail', 'logs', 'sns', 's3'] },
    ],
    complianceMonitoring: {
      encryptionKeyRef: { name: 'audit' }, guardDutyMinimumSeverity: 'MEDIUM',
      subscriptions: [{ protocol: 'email', endpoint: 'security-alerts@example.com' }],
    },
    buckets: [
      {
        name: 'app-data', encryptionKeyRef: { name: 'app-data' }, dataClassification: 'confidential',
        transitions: [{ days: 90, storageClass: 'STANDARD_IA' }, { days: 365, storageClass: 'GLACIER_IR' }],
      },
      {
        name: 'audit-evidence', encryptionKeyRef: { name: 'audit-evidence' }, dataClassification: 'restricted',
        objectLock: { mode: 'COMPLIANCE', days: 365 },
      },
    ],
    databases: [
      {
        name: 'orders', networkRef: { name: 'main' }, encryptionKeyRef: { name: 'app-data' }, dataClassification: 'restricted',
        engine: 'postgresql', engineVersion: '16.9', instanceClass: 'db.r6g.large',
        availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], databaseName: 'orders', masterUsername: 'orders_owner',
      },
    ],
    tables: [
      {
        name: 'sessions', encryptionKeyRef: { name: 'app-data' }, partitionKey: { name: 'sessionId', type: 'S' }, ttlAttribute: 'expiresAt',
      },
    ],
    secrets: [
      {
        name: 'payment-token', encryptionKeyRef: { name: 'app-data' }, description: 'Token of the payment provider', dataClassification: 'restricted',
        source: 'KubernetesSecret', valueFrom: { secretName: 'payment-provider', key: 'token' },
        // The execution role of the orders-api function (named after the function, prod-orders-api).
        allowedRoleArns: ['arn:aws:iam::333333333333:role/prod-orders-api'],
        // The provider's role in this account: it writes the value, so the secret's policy must let it.
        providerRoleArn: providerRoleOf('333333333333'),
      },
    ],
    parameters: [
      {
        name: 'orders', encryptionKeyRef: { name: 'app-data' }, application: 'orders',
        parameters: [
          { name: 'feature-flags', value: '{"newCheckout":false}', description: 'Feature flags (not secret)' },
          { name: 'payment-token', valueFrom: { secretName: 'payment-provider', key: 'token' }, description: 'Token of the payment provider' },
        ],
      },
    ],
    functions: [
      {
        name: 'orders-api', networkRef: { name: 'main' }, encryptionKeyRef: { name: 'app-data' },
        description: 'Orders API backend', runtime: 'nodejs22.x', handler: 'index.handler',
        // The CI artifact bucket; prod pins the object version so the key cannot be overwritten with other code.
        code: { s3: { bucket: 'secure-baseline-artifacts-333333333333', key: 'orders-api/orders-api-1.4.0.zip', objectVersion: 'Wq3b1Hd0pQ8q2Z0uN8vYtXcK9mJ7sL4e' } },
        memorySize: 512, timeout: 15, reservedConcurrency: 50,
        // Failed asynchronous invocations reach someone (prod requires a subscriber: SNS keeps nothing).
        deadLetterSubscriptions: [{ protocol: 'email', endpoint: 'orders-oncall@example.com' }],
        environmentVariables: [
          { name: 'SESSIONS_TABLE_NAME', value: 'prod-sessions' },
          { name: 'PAYMENT_TOKEN_SECRET_NAME', value: 'prod/payment-token' },
        ],
        permissions: { writeTables: [{ name: 'sessions' }], readTables: [{ name: 'sessions' }], readSecrets: [{ name: 'payment-token' }], readBuckets: [{ name: 'app-data' }] },
      },
    ],
    apis: [
      {
        name: 'orders', encryptionKeyRef: { name: 'app-data' }, description: 'Orders API',
        routes: [
          { path: '/orders', method: 'POST', functionRef: { name: 'orders-api' }, authorization: 'IAM', requestValidation: { requireJsonObjectBody: true } },
          { path: '/orders/{orderId}', method: 'GET', functionRef: { name: 'orders-api' }, authorization: 'IAM' },
        ],
      },
    ],
  },
];
