/** SecureApi claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import type { BadClaim } from '../../lib/composer';
import { SECURE_API_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...SECURE_API_EXAMPLES[0].spec };

export const SECURE_API_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a method without authorization', spec: { ...MINIMAL, routes: [{ path: '/hello', method: 'GET', functionRef: { name: 'minimal' }, authorization: 'NONE' }] }, field: 'spec.routes[0].authorization', words: 'must be one of' },
  { what: 'a WAF web ACL (no WAF kinds are installed)', spec: { ...MINIMAL, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1' }, field: 'spec.webAclArn', words: '' },
  { what: 'an API without routes', spec: { ...MINIMAL, routes: [] }, field: 'spec.routes', words: 'fewer than 1' },
];
