/** SecureEnvironment claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { SECURE_ENVIRONMENT_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...SECURE_ENVIRONMENT_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...SECURE_ENVIRONMENT_EXAMPLES.find((e) => e.name === 'team-prod')!.spec };

export const SECURE_ENVIRONMENT_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'an environment without an encryption key', spec: { ...MINIMAL, encryptionKeys: [] }, field: 'spec.encryptionKeys', words: 'fewer than 1' },
  { what: 'a prod environment without deletion protection', spec: without(PROD, 'deletionProtection'), field: 'spec.deletionProtection', words: 'must be true when tier is prod' },
  { what: 'an environment member with a field of no API', spec: { ...MINIMAL, buckets: [{ name: 'sandbox-data', encryptionKeyRef: { name: 'sandbox-data' }, publicRead: true }] }, field: 'spec.buckets[0].publicRead', words: '' },
];
