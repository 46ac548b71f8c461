/** AccessGuardrails claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { ACCESS_GUARDRAILS_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...ACCESS_GUARDRAILS_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...ACCESS_GUARDRAILS_EXAMPLES.find((e) => e.name === 'prod-with-auditor')!.spec };
const AUDITOR = PROD.auditor as Record<string, unknown>;

export const ACCESS_GUARDRAILS_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'an auditor role open to the internet', spec: { ...PROD, auditor: { ...AUDITOR, allowedSourceCidrs: ['0.0.0.0/0'] } }, field: 'spec.auditor.allowedSourceCidrs[0]', words: '' },
  { what: 'an auditor trusted without source addresses', spec: { ...PROD, auditor: without(AUDITOR, 'allowedSourceCidrs') }, field: 'spec.auditor.allowedSourceCidrs', words: 'equired' },
  { what: 'a workload statement with a wildcard action', spec: { ...MINIMAL, workloadRoles: [{ name: 'orders', trustedService: 'lambda.amazonaws.com', statements: [{ sid: 'All', actions: ['s3:*'], resources: ['arn:aws:s3:::orders-bucket'] }] }] }, field: 'spec.workloadRoles[0].statements[0].actions[0]', words: 'must match pattern' },
  { what: 'guardrails without the provider role to exempt', spec: without(MINIMAL, 'providerRoleArn'), field: 'spec.providerRoleArn', words: 'equired' },
];
