import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as lambda from '../../imports/aws-lambda-lambda.aws.m.upbound.io';
import { S3BucketNotification } from '../../imports/aws-s3-s3.aws.m.upbound.io';
import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { SECURE_FUNCTION_BAD_CLAIMS } from './bad-claims';
import { composeSecureFunction, KIND } from './composer';
import { SECURE_FUNCTION_EXAMPLES } from './examples';
import { SECURE_FUNCTION_SPEC, SECURE_FUNCTION_STATUS, type SecureFunctionParameters, type SecureFunctionStatus } from './parameters';

export const secureFunctionApi: PlatformApi<SecureFunctionParameters, SecureFunctionStatus> = {
  kind: KIND,
  plural: 'securefunctions',
  // Not "sfn": kubectl users know that as AWS Step Functions.
  shortNames: ['sfunc'],
  description: 'An AWS Lambda function in the private subnets of a Network, behind a security group allowing only HTTPS out (and the port of each database it connects to); an execution role with least-privilege permissions generated from the platform resources it names; environment variables, logs and its dead-letter topic encrypted with a customer-managed key; JSON logs with a retention, X-Ray tracing, bounded timeout, memory and concurrency, supported runtimes only; failed asynchronous invocations kept; optional S3 object-created triggers, invoking other SecureFunctions, connecting to AuroraDatabases of its Network (security group rules both ways, the master secret) and rotating ManagedSecrets (Secrets Manager\'s invoke permission and the rotation\'s role statements).',
  specSchema: SECURE_FUNCTION_SPEC,
  statusSchema: SECURE_FUNCTION_STATUS,
  printerColumns: [
    { name: 'FUNCTION', type: 'string', jsonPath: '.status.functionName' },
    { name: 'RUNTIME', type: 'string', jsonPath: '.spec.runtime' },
    { name: 'ARN', type: 'string', jsonPath: '.status.functionArn', priority: 1 },
    { name: 'NETWORK', type: 'string', jsonPath: '.spec.networkRef.name', priority: 1 },
    { name: 'KEY', type: 'string', jsonPath: '.spec.encryptionKeyRef.name', priority: 1 },
  ],
  managedResources: [
    { ...lambda.LambdaFunction.GVK, plural: 'functions' },
    { ...lambda.LambdaFunctionEventInvokeConfig.GVK, plural: 'functioneventinvokeconfigs' },
    { ...lambda.LambdaPermission.GVK, plural: 'permissions' },
    { ...iam.IamRole.GVK, plural: 'roles' },
    { ...iam.IamRolePolicy.GVK, plural: 'rolepolicies' },
    { ...ec2.Ec2SecurityGroup.GVK, plural: 'securitygroups' },
    { ...ec2.Ec2SecurityGroupEgressRule.GVK, plural: 'securitygroupegressrules' },
    // On the security groups of the AuroraDatabases named in permissions.connectDatabases.
    { ...ec2.Ec2SecurityGroupIngressRule.GVK, plural: 'securitygroupingressrules' },
    { ...LogsGroup.GVK, plural: 'groups' },
    { ...sns.SnsTopic.GVK, plural: 'topics' },
    { ...sns.SnsTopicPolicy.GVK, plural: 'topicpolicies' },
    { ...S3BucketNotification.GVK, plural: 'bucketnotifications' },
  ],
  examples: SECURE_FUNCTION_EXAMPLES,
  badClaims: SECURE_FUNCTION_BAD_CLAIMS,
  environmentMember: {
    field: 'functions', cardinality: 'list', prefix: 'function', maxItems: 20, encryptsData: true,
    description: 'Lambda functions in the network\'s private subnets (SecureFunction).',
  },
  compose: composeSecureFunction,
  securityFeatures: () => ['lambda-in-vpc', 'lambda-https-only-egress', 'lambda-environment-encryption', 'lambda-xray-tracing', 'lambda-dead-letter-topic', 'least-privilege-execution-roles'],
  readyStatus: (s, { region, accountId }) => ({ ...s, functionArn: s.functionArn ?? `arn:aws:lambda:${region}:${accountId}:function:${s.functionName}` }),
};
