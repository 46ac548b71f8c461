import * as apigw from '../../imports/aws-apigateway-apigateway.aws.m.upbound.io';
import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import { LambdaPermission } from '../../imports/aws-lambda-lambda.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { SECURE_API_BAD_CLAIMS } from './bad-claims';
import { composeSecureApi, KIND } from './composer';
import { SECURE_API_EXAMPLES } from './examples';
import { SECURE_API_SPEC, SECURE_API_STATUS, type SecureApiParameters, type SecureApiStatus, type SecureApiClaim } from './parameters';

export const secureApiApi: PlatformApi<SecureApiParameters, SecureApiStatus, SecureApiClaim> = {
  kind: KIND,
  plural: 'secureapis',
  shortNames: ['sapi'],
  description: 'A regional API Gateway REST API whose routes proxy to SecureFunctions: every method authorized (IAM, or an API key required; never open) and request-validated, a resource policy naming the exact routes (optionally limited to source IP ranges), Lambda permissions scoped to each route, JSON access logs and execution logs (never bodies) in CMK-encrypted log groups with a retention, X-Ray tracing, metrics and throttling. With ApiKey routes, a usage plan (throttle + quota) and an API key whose value AWS generates: read it with `aws apigateway get-api-key --api-key <status.apiKeyId> --include-value` (IAM-controlled, logged by CloudTrail). Needs the account-level API Gateway CloudWatch Logs role (account baseline) to log.',
  specSchema: SECURE_API_SPEC,
  statusSchema: SECURE_API_STATUS,
  printerColumns: [
    { name: 'API-ID', type: 'string', jsonPath: '.status.restApiId' },
    { name: 'URL', type: 'string', jsonPath: '.status.invokeUrl' },
    { name: 'REVISION', type: 'string', jsonPath: '.status.deployedRevision', priority: 1 },
  ],
  managedResources: [
    { ...apigw.ApigwRestApi.GVK, plural: 'restapis' },
    { ...apigw.ApigwRestApiPolicy.GVK, plural: 'restapipolicies' },
    { ...apigw.ApigwRequestValidator.GVK, plural: 'requestvalidators' },
    { ...apigw.ApigwResource.GVK, plural: 'resources' },
    { ...apigw.ApigwMethod.GVK, plural: 'methods' },
    { ...apigw.ApigwIntegration.GVK, plural: 'integrations' },
    { ...apigw.ApigwDeployment.GVK, plural: 'deployments' },
    { ...apigw.ApigwStage.GVK, plural: 'stages' },
    { ...apigw.ApigwMethodSettings.GVK, plural: 'methodsettings' },
    { ...apigw.ApigwUsagePlan.GVK, plural: 'usageplans' },
    { ...apigw.ApigwApiKey.GVK, plural: 'apikeys' },
    { ...apigw.ApigwUsagePlanKey.GVK, plural: 'usageplankeys' },
    { ...LogsGroup.GVK, plural: 'groups' },
    { ...LambdaPermission.GVK, plural: 'permissions' },
  ],
  examples: SECURE_API_EXAMPLES,
  badClaims: SECURE_API_BAD_CLAIMS,
  environmentMember: {
    field: 'apis', cardinality: 'list', prefix: 'api', maxItems: 10, encryptsData: true,
    description: 'API Gateway REST APIs routing to the functions (SecureApi).',
  },
  compose: composeSecureApi,
  securityFeatures: () => ['api-authorization-on-every-method', 'api-request-validation', 'api-access-logging', 'api-throttling', 'api-xray-tracing'],
  readyStatus: (s, { id }) => ({ ...s, restApiId: s.restApiId ?? id.slice(0, 10) }),
};
