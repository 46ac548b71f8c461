import * as sm from '../../imports/aws-secretsmanager-secretsmanager.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { MANAGED_SECRET_BAD_CLAIMS } from './bad-claims';
import { MANAGED_SECRET_EXAMPLES } from './examples';
import { composeManagedSecret, KIND } from './composer';
import { MANAGED_SECRET_SPEC, MANAGED_SECRET_STATUS, type ManagedSecretParameters, type ManagedSecretStatus } from './parameters';

export const managedSecretApi: PlatformApi<ManagedSecretParameters, ManagedSecretStatus> = {
  kind: KIND,
  plural: 'managedsecrets',
  shortNames: ['msec'],
  description: 'A Secrets Manager secret encrypted with a customer-managed key, readable only by the named IAM roles (explicit deny for everyone else, TLS only), whose value is generated and rotated by a rotation function or written from a Kubernetes Secret; never taken from the claim.',
  specSchema: MANAGED_SECRET_SPEC,
  statusSchema: MANAGED_SECRET_STATUS,
  printerColumns: [
    { name: 'SECRET', type: 'string', jsonPath: '.status.secretName' },
    { name: 'SOURCE', type: 'string', jsonPath: '.spec.source' },
    { name: 'ROTATION-DAYS', type: 'integer', jsonPath: '.spec.rotationDays', priority: 1 },
  ],
  managedResources: [
    { ...sm.SecretsmanagerSecret.GVK, plural: 'secrets' },
    { ...sm.SecretsmanagerSecretPolicy.GVK, plural: 'secretpolicies' },
    { ...sm.SecretsmanagerSecretRotation.GVK, plural: 'secretrotations' },
    { ...sm.SecretsmanagerSecretVersion.GVK, plural: 'secretversions' },
  ],
  examples: MANAGED_SECRET_EXAMPLES,
  badClaims: MANAGED_SECRET_BAD_CLAIMS,
  environmentMember: {
    field: 'secrets', cardinality: 'list', prefix: 'secret', maxItems: 20, encryptsData: true,
    description: 'Secrets Manager secrets (ManagedSecret).',
  },
  compose: composeManagedSecret,
  securityFeatures: () => ['secrets-rotation'],
  // Secrets Manager appends six random characters to the secret's name in its ARN.
  readyStatus: (s, { region, accountId }) => ({ ...s, secretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${s.secretName}-AbCdEf` }),
};
