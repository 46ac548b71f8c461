/** Example AccessGuardrails claims: documentation that is tested (composed, validated, rendered). */
import type { AccessGuardrailsParameters } from './parameters';

type Example = { readonly name: string; readonly spec: Partial<AccessGuardrailsParameters> & Pick<AccessGuardrailsParameters, 'providerRoleArn'> };

export const ACCESS_GUARDRAILS_EXAMPLES: readonly Example[] = [
  {
    // The guardrail policies and the boundary only: attach them to roles, or add workload roles, later.
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      providerRoleArn: 'arn:aws:iam::123456789012:role/crossplane-provider-aws',
    },
  },
  {
    name: 'prod-with-auditor',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      deletionProtection: true, dataClassification: 'restricted',
      allowedRegions: ['us-east-1', 'us-west-2'],
      providerRoleArn: 'arn:aws:iam::123456789012:role/crossplane-provider-aws',
      adminRoleArns: ['arn:aws:iam::123456789012:role/break-glass'],
      auditLogGroupPrefixes: ['/team-a/audit/'],
      workloadRoles: [
        {
          // The checkout function: reads its orders table and its configuration (the SecureTable and
          // ConfigParameter prod examples).
          name: 'checkout',
          trustedService: 'lambda.amazonaws.com',
          statements: [
            { sid: 'ReadWriteOrders', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/team-a-prod-orders'] },
            { sid: 'ReadConfiguration', actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:us-east-1:123456789012:parameter/prod/checkout/feature-flags'] },
          ],
        },
        // Assumed by the CI role to run smoke tests; no permissions of its own yet.
        { name: 'smoke-tests', trustedRoleArns: ['arn:aws:iam::123456789012:role/github-actions-deployer'] },
      ],
      attachTo: { roleNames: ['platform-operators'], serviceRoleNames: ['github-actions-deployer'] },
      auditor: {
        trustedAccountId: '999999999999',
        externalIdSecretRef: { name: 'security-auditor', key: 'external-id' },
        allowedSourceCidrs: ['203.0.113.0/24', '198.51.100.16/28'],
        access: 'ReadOnly',
      },
    },
  },
];
