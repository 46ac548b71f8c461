/**
 * Example SecureApi claims: documentation that is tested (composed, validated, rendered). The functions are the
 * SecureFunction examples; the keys are the EncryptionKey examples.
 */
import type { SecureApiClaim } from './parameters';

// A claim as users write it: defaults (e.g. a route's requireJsonObjectBody) may be left out at any depth.
type Example = { readonly name: string; readonly spec: SecureApiClaim };

export const SECURE_API_EXAMPLES: readonly Example[] = [
  {
    name: 'minimal',
    spec: {
      environment: 'dev', tier: 'dev', region: 'eu-west-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'minimal' },
      routes: [{ path: '/hello', method: 'GET', functionRef: { name: 'minimal' }, authorization: 'IAM' }],
    },
  },
  {
    name: 'prod-checkout',
    spec: {
      environment: 'prod', tier: 'prod', region: 'us-east-1', accountId: '123456789012', owner: 'team-a', costCenter: 'cc-42',
      encryptionKeyRef: { name: 'prod-all-services' }, deletionProtection: true, dataClassification: 'restricted',
      apiName: 'prod-checkout', description: 'Checkout API', stageName: 'v1',
      routes: [
        { path: '/checkout', method: 'POST', functionRef: { name: 'prod-checkout' }, authorization: 'IAM', requestValidation: { requireJsonObjectBody: true, requiredHeaders: ['Idempotency-Key'] } },
        { path: '/checkout/{orderId}', method: 'GET', functionRef: { name: 'prod-checkout' }, authorization: 'IAM' },
        { path: '/orders', method: 'GET', functionRef: { name: 'prod-checkout' }, authorization: 'IAM', requestValidation: { requiredQueryParameters: ['customerId'] } },
        // A partner without AWS credentials: an API key of the usage plan, from the partner's addresses only.
        { path: '/partners/orders/{orderId}', method: 'GET', functionRef: { name: 'prod-checkout' }, authorization: 'ApiKey' },
      ],
      throttling: { rateLimit: 200, burstLimit: 400 },
      executionLogLevel: 'INFO',
      logRetentionDays: 731,
      usagePlan: { rateLimit: 20, burstLimit: 40, quotaLimit: 500000, quotaPeriod: 'MONTH' },
      allowedAccountIds: ['210987654321'],
      allowedSourceIpRanges: ['203.0.113.0/24', '2001:db8::/32'],
      tags: { Project: 'atlas' },
    },
  },
];
