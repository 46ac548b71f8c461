/** ManagedSecret claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { MANAGED_SECRET_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...MANAGED_SECRET_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...MANAGED_SECRET_EXAMPLES.find((e) => e.name === 'prod-from-kubernetes-secret')!.spec };

export const MANAGED_SECRET_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a generated secret nobody rotates', spec: without(MINIMAL, 'rotationLambdaArn'), field: 'spec.rotationLambdaArn', words: 'required when source is Generated' },
  { what: 'a rotation function overwriting a value taken from Kubernetes', spec: { ...PROD, rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate' }, field: 'spec.rotationLambdaArn', words: 'not allowed when source is KubernetesSecret' },
  { what: 'a Kubernetes-sourced secret without its source', spec: without(PROD, 'valueFrom'), field: 'spec.valueFrom', words: 'required when source is KubernetesSecret' },
  { what: 'a Kubernetes-sourced secret without the provider role', spec: without(PROD, 'providerRoleArn'), field: 'spec.providerRoleArn', words: 'required when source is KubernetesSecret' },
  { what: 'prod rotation every 180 days', spec: { ...PROD, rotationDays: 180 }, field: 'spec.rotationDays', words: 'when tier is prod' },
  { what: 'a recovery window of 3 days', spec: { ...MINIMAL, recoveryWindowInDays: 3 }, field: 'spec.recoveryWindowInDays', words: '>= 7' },
  { what: 'a reader that is a user, not a role', spec: { ...MINIMAL, allowedRoleArns: ['arn:aws:iam::123456789012:user/alice'] }, field: 'spec.allowedRoleArns[0]', words: 'must match pattern' },
  { what: 'a secret readable by nobody', spec: { ...MINIMAL, allowedRoleArns: [] }, field: 'spec.allowedRoleArns', words: 'fewer than 1' },
  { what: 'a secret name with a space', spec: { ...MINIMAL, secretName: 'payment token' }, field: 'spec.secretName', words: 'must match pattern' },
];
