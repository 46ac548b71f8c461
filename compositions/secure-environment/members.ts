/**
 * The platform APIs a SecureEnvironment composes (nested XRs), in one table: which spec field holds them, whether
 * it is one or a list, the composed-resource name prefix, and what counts toward the environment's summary.
 * Adding an API to environments = one row here.
 */
import type { PlatformApi } from '../../lib/composer';
import { accessGuardrailsApi } from '../access-guardrails';
import { auroraDatabaseApi } from '../aurora-database';
import { complianceMonitoringApi } from '../compliance-monitoring';
import { configParameterApi } from '../config-parameter';
import { encryptionKeyApi } from '../encryption-key';
import { managedSecretApi } from '../managed-secret';
import { networkApi } from '../network';
import { secureApiApi } from '../secure-api';
import { secureBucketApi } from '../secure-bucket';
import { secureFunctionApi } from '../secure-function';
import { secureTableApi } from '../secure-table';

export interface Member {
  /** Field of the SecureEnvironment spec. */
  readonly field: string;
  readonly api: PlatformApi;
  /** One nested XR (an object with a defaulted name) or a list of them (each named). */
  readonly cardinality: 'one' | 'list';
  /** Name of the nested XR when a single member leaves it out. */
  readonly defaultName?: string;
  /** Composed-resource name prefix: `<prefix>-<name>`. */
  readonly prefix: string;
  /** What the member is, for the XRD description. */
  readonly description: string;
  /** Stores data encrypted with one of the environment's customer-managed keys (counted in status.encryptedResources). */
  readonly encryptsData: boolean;
  /** Largest list the API server admits (keeps the CRD's CEL cost bounded and an environment reviewable). */
  readonly maxItems?: number;
}

export const MEMBERS: readonly Member[] = [
  { field: 'encryptionKeys', api: encryptionKeyApi, cardinality: 'list', prefix: 'encryption-key', maxItems: 10, encryptsData: false, description: 'Customer-managed KMS keys (EncryptionKey), at least one; the other members reference them by name.' },
  { field: 'network', api: networkApi, cardinality: 'one', defaultName: 'main', prefix: 'network', encryptsData: true, description: 'The VPC (Network) workloads and databases run in. Flow logs are encrypted with a key of this environment.' },
  { field: 'buckets', api: secureBucketApi, cardinality: 'list', prefix: 'bucket', maxItems: 20, encryptsData: true, description: 'S3 buckets (SecureBucket).' },
  { field: 'databases', api: auroraDatabaseApi, cardinality: 'list', prefix: 'database', maxItems: 10, encryptsData: true, description: 'Aurora PostgreSQL or MySQL clusters (AuroraDatabase).' },
  { field: 'tables', api: secureTableApi, cardinality: 'list', prefix: 'table', maxItems: 20, encryptsData: true, description: 'DynamoDB tables (SecureTable).' },
  { field: 'secrets', api: managedSecretApi, cardinality: 'list', prefix: 'secret', maxItems: 20, encryptsData: true, description: 'Secrets Manager secrets (ManagedSecret).' },
  { field: 'parameters', api: configParameterApi, cardinality: 'list', prefix: 'parameters', maxItems: 20, encryptsData: true, description: 'SSM parameter sets of applications (ConfigParameter).' },
  { field: 'functions', api: secureFunctionApi, cardinality: 'list', prefix: 'function', maxItems: 20, encryptsData: true, description: 'Lambda functions in the network\'s private subnets (SecureFunction).' },
  { field: 'apis', api: secureApiApi, cardinality: 'list', prefix: 'api', maxItems: 10, encryptsData: true, description: 'API Gateway REST APIs routing to the functions (SecureApi).' },
  { field: 'complianceMonitoring', api: complianceMonitoringApi, cardinality: 'one', defaultName: 'compliance', prefix: 'compliance-monitoring', encryptsData: true, description: 'Continuous compliance monitoring of the account and region: CloudTrail, AWS Config with managed rules, the CIS metric filters and alarms, findings to SNS (ComplianceMonitoring). Once per account and region.' },
  { field: 'accessGuardrails', api: accessGuardrailsApi, cardinality: 'one', defaultName: 'guardrails', prefix: 'access-guardrails', encryptsData: false, description: 'IAM guardrails of the account: region restriction, MFA, explicit denies, the auditor role and workload roles (AccessGuardrails).' },
];

