/** SecureFunction claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { SECURE_FUNCTION_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...SECURE_FUNCTION_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...SECURE_FUNCTION_EXAMPLES.find((e) => e.name === 'prod-checkout')!.spec };

export const SECURE_FUNCTION_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a deprecated Lambda runtime', spec: { ...MINIMAL, runtime: 'nodejs18.x' }, field: 'spec.runtime', words: 'must be one of' },
  { what: 'a function timeout above 15 minutes', spec: { ...MINIMAL, timeout: 901 }, field: 'spec.timeout', words: '<= 900' },
  { what: 'an environment variable Lambda sets itself', spec: { ...MINIMAL, environmentVariables: [{ name: 'AWS_REGION', value: 'x' }] }, field: 'spec.environmentVariables[0].name', words: 'lambda sets itself' },
  { what: 'a secret in an environment variable', spec: { ...MINIMAL, environmentVariables: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }, field: 'spec.environmentVariables[0].name', words: '' },
  { what: 'both a package and an image', spec: { ...MINIMAL, code: { s3: { bucket: 'artifacts-bucket', key: 'orders.zip' }, imageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1' } }, field: 'spec.code', words: 'exactly one' },
  { what: 'a prod function without reserved concurrency', spec: without(PROD, 'reservedConcurrency'), field: 'spec.reservedConcurrency', words: 'required when tier is prod' },
  { what: 'a prod function whose failed events reach nobody', spec: without(PROD, 'deadLetterSubscriptions'), field: 'spec.deadLetterSubscriptions', words: 'prod' },
  { what: 'a function without a network', spec: without(MINIMAL, 'networkRef'), field: 'spec.networkRef', words: 'equired' },
];
