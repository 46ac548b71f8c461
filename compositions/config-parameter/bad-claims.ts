/** ConfigParameter claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import type { BadClaim } from '../../lib/composer';
import { CONFIG_PARAMETER_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...CONFIG_PARAMETER_EXAMPLES[0].spec };

export const CONFIG_PARAMETER_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a parameter with both a value and a secret', spec: { ...MINIMAL, parameters: [{ name: 'log-level', value: 'info', valueFrom: { secretName: 'checkout', key: 'level' } }] }, field: 'spec.parameters[0]', words: 'exactly one of value and valueFrom' },
  { what: 'a parameter with no value', spec: { ...MINIMAL, parameters: [{ name: 'log-level' }] }, field: 'spec.parameters[0]', words: 'exactly one of value and valueFrom' },
  { what: 'two parameters of one name', spec: { ...MINIMAL, parameters: [{ name: 'log-level', value: 'info' }, { name: 'log-level', value: 'debug' }] }, field: 'spec.parameters', words: 'distinct names' },
  { what: 'no parameters', spec: { ...MINIMAL, parameters: [] }, field: 'spec.parameters', words: 'fewer than 1' },
  { what: 'a parameter name with a slash (it would nest under another application)', spec: { ...MINIMAL, parameters: [{ name: 'other/app', value: 'x' }] }, field: 'spec.parameters[0].name', words: 'must match pattern' },
  { what: 'a parameter tier that does not exist', spec: { ...MINIMAL, parameterTier: 'Premium' }, field: 'spec.parameterTier', words: 'must be one of' },
  { what: 'an attempt to store a parameter as plain String', spec: { ...MINIMAL, parameterType: 'String' }, field: 'spec.parameterType', words: '' },
];
