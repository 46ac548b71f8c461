/**
 * Scenario 001 (serverless-audit): an event-driven audit pipeline in us-west-2. New objects in a versioned,
 * access-logged bucket invoke a Python function that records each object's metadata in a DynamoDB table; a
 * multi-region CloudTrail trail audits the account. The document's environment suffix is `dev`: it is this
 * environment's tier and is kept in every physical name the document gives (proj-*-dev).
 *
 * Where the platform is stricter than the document (customer-managed keys instead of SSE-S3 / AWS-managed keys,
 * the function in a VPC, log retention, Config and CIS alarms next to the trail), README.md says so per item.
 */
import type { Scenario } from '../index';

/** The document's environment suffix: part of every physical name it asks for. */
const SUFFIX = 'dev';
const ACCOUNT = '400000000001';
const REGION = 'us-west-2';

export const SCENARIO: Scenario = {
  name: 'serverless-audit',
  document: '001',
  environment: {
    name: 'serverless-audit',
    // The document defaults to the dev suffix and destroys everything with the stack: a dev tier keeps
    // deletionProtection off (management policies include Delete), so deleting the claim removes the resources.
    tier: 'dev',
    accountId: ACCOUNT,
    region: REGION,
    // Required by the platform; the document names no owner or cost center, so these are invented.
    owner: 'audit-pipeline-team',
    costCenter: 'cc-4001',
    tags: {
      // The document tags everything with the repository and commit author from CI. Here the GitOps pipeline
      // renders them into the manifest; 'unknown' is the document's own fallback when CI does not say.
      Repository: 'example-org/serverless-audit',
      Author: 'unknown',
      // The document's Environment tag holds the suffix; the platform's Environment tag is the environment name
      // (reserved, not overridable), so the suffix travels in a tag of its own.
      EnvironmentSuffix: SUFFIX,
    },
    // The document uses no customer-managed key (SSE-S3, DynamoDB's AWS-managed key). The platform always
    // encrypts with CMKs: one for the workload's data and one for the audit trail, so the audit evidence can be
    // governed (and its key usage reviewed) apart from application data.
    encryptionKeys: [
      {
        name: 'data',
        description: `Object audit pipeline data at rest (proj-*-${SUFFIX})`,
        // s3: the object bucket; dynamodb: the table; lambda + logs: the function's environment and log group;
        // sns: its dead-letter topic; log-delivery: the network's flow logs.
        services: ['s3', 'dynamodb', 'lambda', 'logs', 'sns', 'log-delivery'],
      },
      {
        name: 'audit',
        description: `CloudTrail audit logs and security alerts (proj-trail-${SUFFIX})`,
        // cloudtrail: the trail's log files; logs: its CloudWatch log group; sns: the alarm topic; s3: the audit bucket.
        services: ['cloudtrail', 'logs', 'sns', 's3'],
      },
    ],
    // The document's function runs outside any VPC. SecureFunction always runs in a Network's private subnets
    // (secure default), so this scenario adds one. Its CIDR is not in the document (it has no VPC): any private
    // /16 works. No internet or NAT gateway: the handler calls only S3 (HeadObject) and DynamoDB (PutItem), both
    // reached through the Network's free gateway endpoints; its code, logs, traces and dead-letter messages go
    // through the Lambda service, not the VPC. So no interface endpoint either (each costs by the hour and zone).
    network: {
      name: 'main',
      cidr: '10.41.0.0/16',
      encryptionKeyRef: { name: 'data' },
      availabilityZones: 2,
      availabilityZoneNames: [`${REGION}a`, `${REGION}b`],
      publicSubnets: false,
      interfaceEndpoints: [],
    },
    buckets: [
      {
        // The main bucket: versioned, blocked, access-logged (to proj-bucket-dev-logs); its new objects invoke the
        // function (the trigger is declared on the function, which owns the bucket's notification configuration).
        name: 'objects',
        bucketName: `proj-bucket-${SUFFIX}`,
        encryptionKeyRef: { name: 'data' },
      },
    ],
    tables: [
      {
        name: 'object-audit',
        tableName: `proj-table-${SUFFIX}`,
        encryptionKeyRef: { name: 'data' },
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
        billingMode: 'PAY_PER_REQUEST',
        contributorInsights: true,
      },
    ],
    functions: [
      {
        name: 'object-audit',
        // Also the execution role's name (the document's role is proj-lambda-role-dev).
        functionName: `proj-lambda-${SUFFIX}`,
        description: 'Records the metadata of each new object of proj-bucket in proj-table',
        networkRef: { name: 'main' },
        encryptionKeyRef: { name: 'data' },
        runtime: 'python3.12',
        handler: 'lambda_handler.lambda_handler',
        // A bound on what one burst of uploads can run at once (rule SB-LAMBDA-4); the document sets none.
        reservedConcurrency: 5,
        // The document bundles a local directory at deploy time; here CI publishes the package to the artifact
        // bucket. dev: the key is versioned by build; prod would also pin objectVersion.
        code: { s3: { bucket: `proj-artifacts-${ACCOUNT}-${REGION}`, key: 'serverless-audit/lambda_handler-1.0.0.zip' } },
        // Five minutes; the document leaves memory at Lambda's default of 128 MB.
        timeout: 300,
        memorySize: 128,
        environmentVariables: [
          { name: 'TABLE_NAME', value: `proj-table-${SUFFIX}` },
          { name: 'BUCKET_NAME', value: `proj-bucket-${SUFFIX}` },
        ],
        permissions: {
          // GetObject/GetObjectVersion on the bucket's objects (HEAD reads the metadata).
          readBuckets: [{ name: 'objects' }],
          // The handler only writes (a conditional PutItem); no read grant is needed.
          writeTables: [{ name: 'object-audit' }],
        },
        // Every object-created event of the main bucket (no prefix or suffix filter).
        triggers: { s3: [{ bucketRef: { name: 'objects' } }] },
      },
    ],
    // The trail: multi-region, global service events, log-file validation, to the audit bucket proj-cloudtrail-dev.
    // The trail's AWS name is <environment>-<this name>: serverless-audit-proj-trail-dev.
    complianceMonitoring: {
      name: `proj-trail-${SUFFIX}`,
      encryptionKeyRef: { name: 'audit' },
      homeRegion: true,
      auditBucketName: `proj-cloudtrail-${SUFFIX}`,
      // The document keeps no trail events in CloudWatch; the platform always does (for the CIS filters): the
      // shortest retention it allows.
      trailLogRetentionDays: 90,
      // CIS §4 alarms must reach someone (rule SB-AUDIT-13); the document names no recipient.
      subscriptions: [{ protocol: 'email', endpoint: 'audit-alerts@example.com' }],
    },
  },
};
