/** EncryptionKey claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { ENCRYPTION_KEY_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...ENCRYPTION_KEY_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...ENCRYPTION_KEY_EXAMPLES.find((e) => e.name === 'prod-all-services')!.spec };

export const ENCRYPTION_KEY_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'key deletion window below 7 days', spec: { ...MINIMAL, deletionWindowInDays: 6 }, field: 'spec.deletionWindowInDays', words: '>= 7' },
  { what: 'key deletion window above 30 days', spec: { ...MINIMAL, deletionWindowInDays: 31 }, field: 'spec.deletionWindowInDays', words: '<= 30' },
  { what: 'prod key with a short deletion window', spec: { ...PROD, deletionWindowInDays: 7 }, field: 'spec.deletionWindowInDays', words: 'must be 30 when tier is prod' },
  { what: 'rotation period below 90 days', spec: { ...MINIMAL, rotationPeriodInDays: 89 }, field: 'spec.rotationPeriodInDays', words: '>= 90' },
  { what: 'rotation period above 2560 days', spec: { ...MINIMAL, rotationPeriodInDays: 3000 }, field: 'spec.rotationPeriodInDays', words: '<= 2560' },
  { what: 'prod key without deletion protection', spec: { ...PROD, deletionProtection: false }, field: 'spec.deletionProtection', words: 'must be true when tier is prod' },
  { what: 'prod key leaving deletion protection to its default', spec: without(PROD, 'deletionProtection'), field: 'spec.deletionProtection', words: 'must be true when tier is prod' },
  { what: 'a service the key policy does not know', spec: { ...MINIMAL, services: ['ec2'] }, field: 'spec.services[0]', words: 'must be one of' },
  { what: 'a service listed twice', spec: { ...MINIMAL, services: ['s3', 's3'] }, field: 'spec.services', words: 'duplicate' },
  { what: 'an alias in the AWS-reserved namespace', spec: { ...MINIMAL, aliasName: 'aws/orders' }, field: 'spec.aliasName', words: 'must not start with aws/' },
  { what: 'an alias with a space', spec: { ...MINIMAL, aliasName: 'my key' }, field: 'spec.aliasName', words: 'must match pattern' },
  { what: 'an empty description', spec: { ...MINIMAL, description: '' }, field: 'spec.description', words: 'must NOT have fewer than 1 characters' },
  { what: 'no description', spec: without(MINIMAL, 'description'), field: 'spec.description', words: 'equired' },
  { what: 'an attempt to turn rotation off', spec: { ...MINIMAL, enableKeyRotation: false }, field: 'spec.enableKeyRotation', words: '' },
  { what: 'a tag overriding the platform ManagedBy tag', spec: { ...MINIMAL, tags: { ManagedBy: 'me' } }, field: 'spec.tags', words: "platform's own keys" },
  { what: 'a tag in the aws: namespace', spec: { ...MINIMAL, tags: { 'aws:owner': 'me' } }, field: 'spec.tags', words: 'must not start with aws:' },
  { what: 'a region that does not exist', spec: { ...MINIMAL, region: 'us-middle-1' }, field: 'spec.region', words: 'must match pattern' },
  { what: 'an 11-digit account id', spec: { ...MINIMAL, accountId: '12345678901' }, field: 'spec.accountId', words: 'must match pattern' },
  { what: 'an unknown tier', spec: { ...MINIMAL, tier: 'production' }, field: 'spec.tier', words: 'must be one of' },
  { what: 'an environment name with capitals', spec: { ...MINIMAL, environment: 'Prod' }, field: 'spec.environment', words: 'must match pattern' },
  { what: 'a provider config of another kind', spec: { ...MINIMAL, providerConfigRef: { kind: 'Secret', name: 'aws' } }, field: 'spec.providerConfigRef.kind', words: 'must be one of' },
  { what: 'an unknown data classification', spec: { ...MINIMAL, dataClassification: 'secret' }, field: 'spec.dataClassification', words: 'must be one of' },
  { what: 'no owner', spec: without(MINIMAL, 'owner'), field: 'spec.owner', words: 'equired' },
];
