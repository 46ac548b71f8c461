import { SsmParameter } from '../../imports/aws-ssm-ssm.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { CONFIG_PARAMETER_BAD_CLAIMS } from './bad-claims';
import { CONFIG_PARAMETER_EXAMPLES } from './examples';
import { composeConfigParameter, KIND } from './composer';
import { CONFIG_PARAMETER_SPEC, CONFIG_PARAMETER_STATUS, type ConfigParameterParameters, type ConfigParameterStatus } from './parameters';

export const configParameterApi: PlatformApi<ConfigParameterParameters, ConfigParameterStatus> = {
  kind: KIND,
  plural: 'configparameters',
  shortNames: ['cfgp'],
  description: 'SSM parameters of one application under /<environment>/<application>/, every one a SecureString encrypted with a customer-managed key; secret values come only from Kubernetes Secrets, never from the claim.',
  specSchema: CONFIG_PARAMETER_SPEC,
  statusSchema: CONFIG_PARAMETER_STATUS,
  printerColumns: [
    { name: 'PATH', type: 'string', jsonPath: '.status.path' },
    { name: 'KEY', type: 'string', jsonPath: '.spec.encryptionKeyRef.name', priority: 1 },
  ],
  // Also composes a core v1 Secret (the inline values), which is not a managed resource.
  managedResources: [{ ...SsmParameter.GVK, plural: 'parameters' }],
  examples: CONFIG_PARAMETER_EXAMPLES,
  badClaims: CONFIG_PARAMETER_BAD_CLAIMS,
  environmentMember: {
    field: 'parameters', cardinality: 'list', prefix: 'parameters', maxItems: 20, encryptsData: true,
    description: 'SSM parameter sets of applications (ConfigParameter).',
  },
  compose: composeConfigParameter,
  securityFeatures: () => ['ssm-secure-strings'],
};
