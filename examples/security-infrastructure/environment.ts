/**
 * Document 004: the security foundation of a financial-services data-processing application in eu-north-1 (one
 * customer-managed key, a private single-purpose VPC with a Secrets Manager endpoint, a database-credentials
 * secret rotated by a Lambda in that VPC, IAM roles with one-hour sessions and explicit denies, a cross-account
 * auditor role behind an ExternalId and source addresses, MFA and region-restriction policies). README.md maps
 * every requirement to what is composed here, and says where the platform deviates.
 */
import { workloadRoleNameOf, workloadRolePathOf } from '../../compositions/access-guardrails/guardrail-policies';
import { functionArnOf, functionNameOf, roleArnOf } from '../../compositions/secure-function/composer';
import { providerRoleOf } from '../../config/environments';
import type { Scenario } from '../index';

const name = 'security-infrastructure';
// Placeholder: replace with the application's account.
const accountId = '400000000004';
const region = 'eu-north-1';

/** The CMK (member name). One key for the secret, every log group and the function's environment, as in the document. */
const KEY = 'data-protection';
/** The rotation function (member name); its Lambda function and execution role are both `<environment>-<name>`. */
const ROTATION = 'secret-rotation';
const rotation = { environment: name, region, accountId };
/** The EC2 workload role (AccessGuardrails workload role short name). */
const EC2_ROLE = 'ec2-app';
const ec2RoleArn = `arn:aws:iam::${accountId}:role${workloadRolePathOf(name)}${workloadRoleNameOf(name, EC2_ROLE)}`;
/** Where the EC2 workload writes its logs: one named group and stream (workload statements admit no wildcards). */
const ec2LogGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:/aws/ec2/${name}`;

export const SCENARIO: Scenario = {
  name,
  document: '004',
  environment: {
    name,
    // The document wants everything destroyable (no retain policies): a non-prod tier, so deletionProtection is
    // false and managed resources keep the Delete management policy. staging rather than dev: its defaults keep
    // flow and access logs 365 days, matching the document's one-year retention for a financial-services workload.
    tier: 'staging',
    accountId,
    region,
    owner: 'cloud-team',
    // The document makes CostCenter configurable without a value; this is a placeholder.
    costCenter: 'financial-data-processing',
    // Environment (= this environment's name, the document's suffix), Owner, CostCenter and ManagedBy are set by
    // the platform on every resource; ManagedBy is the platform's own value, not "pulumi".
    tags: { SecurityLevel: 'high', Project: 'financial-data-processing' },

    encryptionKeys: [{
      name: KEY,
      description: 'Secrets, log groups and Lambda environment variables of the security infrastructure',
      // The document's minimum; also the API's maximum.
      deletionWindowInDays: 30,
      // Only the services that use it: Secrets Manager (the secret), CloudWatch Logs (function and trail log
      // groups), Lambda (environment variables), log delivery (flow-log bucket), CloudTrail, S3 (audit bucket) and
      // SNS (alarm and dead-letter topics).
      services: ['secretsmanager', 'logs', 'lambda', 'log-delivery', 'cloudtrail', 's3', 'sns'],
    }],

    network: {
      // Named after the environment: the Network names its VPC, subnets, route tables, endpoint security group
      // and flow-log bucket after itself, so the document's suffix is in each.
      name,
      cidr: '10.0.0.0/16',
      // The API requires two zones; the document's one zone, eu-north-1a, comes first. Its private subnet
      // (10.0.0.0/19) contains the document's 10.0.1.0/24.
      availabilityZones: 2,
      availabilityZoneNames: ['eu-north-1a', 'eu-north-1b'],
      // No internet gateway, no NAT: AWS APIs through endpoints only.
      publicSubnets: false,
      // The document's one interface endpoint (private DNS on). The S3 gateway endpoint comes with every Network.
      interfaceEndpoints: ['secretsmanager'],
      encryptionKeyRef: { name: KEY },
    },

    secrets: [{
      name: 'db-credentials',
      encryptionKeyRef: { name: KEY },
      dataClassification: 'restricted',
      description: 'Database credentials (JSON: username, password, engine, host, port, dbname), rotated by the rotation function',
      // The document stores a placeholder password in code; here no value ever passes through the claim: the
      // rotation function creates the first value (rotation runs at once) and every later one.
      source: 'Generated',
      rotationLambdaArn: functionArnOf(ROTATION, rotation),
      rotationDays: 30,
      recoveryWindowInDays: 7,
      // Readers: the EC2 workload role, and the rotation function's role (it reads the current version). The policy
      // also exempts the rotation function's role (rotationRoleArn, derived from this ARN) from its write deny.
      allowedRoleArns: [roleArnOf(ROTATION, rotation), ec2RoleArn],
    }],

    functions: [{
      name: ROTATION,
      networkRef: { name },
      encryptionKeyRef: { name: KEY },
      description: 'Rotates the database credentials secret',
      // One rotation at a time is all a secret needs (rule SB-LAMBDA-4 asks for a bound).
      reservedConcurrency: 2,
      // The document's python3.11 is deprecated (2026-06-30) and refused by the API; python3.12 is the nearest
      // supported runtime.
      runtime: 'python3.12',
      handler: 'rotation.lambda_handler',
      // The CI artifact bucket; the version pins exactly the package that was reviewed.
      code: { s3: { bucket: `${name}-ci-artifacts-${accountId}`, key: 'secret-rotation/secret-rotation-1.0.0.zip', objectVersion: 'Qm9yaW5nQXJ0aWZhY3RWZXJzaW9uMDAx' } },
      timeout: 300,
      // Secrets Manager through the interface endpoint: with private DNS its regional name resolves to the
      // endpoint in the VPC. (The AWS SDKs' own AWS_ENDPOINT_URL_SECRETS_MANAGER is refused by the API's
      // secret-name check, hence a name of our own.) Having a variable also makes Lambda encrypt the environment
      // with the CMK.
      environmentVariables: [
        { name: 'SM_ENDPOINT_URL', value: `https://secretsmanager.${region}.amazonaws.com` },
        // The non-secret fields of the JSON value the function writes next to the password it generates (the
        // document's shape); configuration, so the package needs no change when the database moves.
        { name: 'DB_USERNAME', value: 'dbadmin' },
        { name: 'DB_ENGINE', value: 'postgres' },
        { name: 'DB_HOST', value: 'db.example.com' },
        { name: 'DB_PORT', value: '5432' },
        { name: 'DB_NAME', value: 'production' },
      ],
      // Same year-long, CMK-encrypted retention as the document's log groups.
      logRetentionDays: 365,
      // The rotation function of db-credentials (whose rotationLambdaArn is this function's ARN): Secrets Manager of
      // this account may invoke it for that secret only, and its role may describe, read, write and stage that
      // secret's versions, generate passwords, and decrypt and generate data keys with the CMK through Secrets Manager.
      permissions: { rotateSecrets: [{ name: 'db-credentials' }] },
    }],

    // The document relies on CloudTrail to record key and role use and lists alarms, security-event notifications
    // and Config rules as next steps: this account's trail (multi-region, CMK, 365-day CloudWatch retention), AWS
    // Config rules, the CIS alarms and the encrypted alarm topic.
    complianceMonitoring: {
      encryptionKeyRef: { name: KEY },
      auditBucketName: `${name}-audit-${accountId}-${region}`,
      trailLogRetentionDays: 365,
      // CIS §4 alarms must reach someone (rule SB-AUDIT-13); the document names no recipient.
      subscriptions: [{ protocol: 'email', endpoint: 'cloud-team-security@example.com' }],
    },

    accessGuardrails: {
      // The role the Crossplane AWS provider runs as in this account (exempt from the guardrails it manages).
      providerRoleArn: providerRoleOf(accountId),
      // allowedRegions defaults to [region]: every regional request outside eu-north-1 is denied.
      workloadRoles: [{
        // The document's EC2 role: trusted by EC2, one-hour sessions, the workload boundary and the deny and
        // region guardrails attached; reads the secret through the secret's own policy (allowedRoleArns above).
        name: EC2_ROLE,
        trustedService: 'ec2.amazonaws.com',
        statements: [{
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [ec2LogGroupArn, `${ec2LogGroupArn}:log-stream:application`],
        }],
      }],
      // The rotation function's execution role is a machine role: it gets the region restriction and the deny
      // guardrail (no IAM changes, no key deletion or disabling), not the MFA requirement, which its sessions could
      // never meet (the document's MFA-on-every-role would block the rotation's PutSecretValue).
      attachTo: { roleNames: [], serviceRoleNames: [functionNameOf(ROTATION, rotation)] },
      auditor: {
        // Placeholder: the external auditor's AWS account.
        trustedAccountId: '410000000004',
        // Created out of band (README.md): the ExternalId never appears in git, in the claim or in the preview.
        externalIdSecretRef: { name: 'security-auditor-external-id', key: 'external-id' },
        // The document's ranges (see README.md: private ranges are not what AWS sees on a cross-account call).
        allowedSourceCidrs: ['10.0.0.0/8', '172.16.0.0/12'],
        access: 'SecurityAudit',
      },
    },
  },
};
