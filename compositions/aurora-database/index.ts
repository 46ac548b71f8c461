import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as rds from '../../imports/aws-rds-rds.aws.m.upbound.io';
import { SsmParameter } from '../../imports/aws-ssm-ssm.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { AURORA_DATABASE_BAD_CLAIMS } from './bad-claims';
import { composeAuroraDatabase, KIND } from './composer';
import { AURORA_DATABASE_EXAMPLES } from './examples';
import { AURORA_DATABASE_SPEC, AURORA_DATABASE_STATUS, type AuroraDatabaseParameters, type AuroraDatabaseStatus } from './parameters';

export const auroraDatabaseApi: PlatformApi<AuroraDatabaseParameters, AuroraDatabaseStatus> = {
  kind: KIND,
  plural: 'auroradatabases',
  shortNames: ['adb'],
  description: 'An Aurora PostgreSQL or MySQL cluster on the isolated database subnets of a Network: storage, Performance Insights, the Secrets Manager-managed master password, exported logs and the SSM connection parameters encrypted with a customer-managed key; TLS 1.2+ only; reachable on its port only from the security groups named; IAM database authentication, Enhanced Monitoring, backups, deletion protection and a final snapshot.',
  specSchema: AURORA_DATABASE_SPEC,
  statusSchema: AURORA_DATABASE_STATUS,
  printerColumns: [
    { name: 'ENGINE', type: 'string', jsonPath: '.spec.engine' },
    { name: 'VERSION', type: 'string', jsonPath: '.status.engineVersion' },
    { name: 'ENDPOINT', type: 'string', jsonPath: '.status.writerEndpoint', priority: 1 },
    { name: 'NETWORK', type: 'string', jsonPath: '.spec.networkRef.name', priority: 1 },
    { name: 'KEY', type: 'string', jsonPath: '.spec.encryptionKeyRef.name', priority: 1 },
  ],
  managedResources: [
    { ...rds.RdsCluster.GVK, plural: 'clusters' },
    { ...rds.RdsClusterInstance.GVK, plural: 'clusterinstances' },
    { ...rds.RdsClusterParameterGroup.GVK, plural: 'clusterparametergroups' },
    { ...rds.RdsParameterGroup.GVK, plural: 'parametergroups' },
    { ...rds.RdsSubnetGroup.GVK, plural: 'subnetgroups' },
    { ...ec2.Ec2SecurityGroup.GVK, plural: 'securitygroups' },
    { ...ec2.Ec2SecurityGroupIngressRule.GVK, plural: 'securitygroupingressrules' },
    { ...ec2.Ec2SecurityGroupEgressRule.GVK, plural: 'securitygroupegressrules' },
    { ...iam.IamRole.GVK, plural: 'roles' },
    { ...iam.IamRolePolicyAttachment.GVK, plural: 'rolepolicyattachments' },
    { ...LogsGroup.GVK, plural: 'groups' },
    { ...SsmParameter.GVK, plural: 'parameters' },
  ],
  examples: AURORA_DATABASE_EXAMPLES,
  badClaims: AURORA_DATABASE_BAD_CLAIMS,
  environmentMember: {
    field: 'databases', cardinality: 'list', prefix: 'database', maxItems: 10, encryptsData: true,
    description: 'Aurora PostgreSQL or MySQL clusters (AuroraDatabase).',
  },
  compose: composeAuroraDatabase,
  securityFeatures: () => ['aurora-encryption', 'aurora-tls-enforced', 'aurora-iam-authentication', 'aurora-backups'],
  // EC2 assigns the security group id, RDS the master user secret (named after the cluster's resource id).
  readyStatus: (s, { region, accountId, id }) => ({ ...s, securityGroupId: `sg-${id}00000000`, masterUserSecretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!cluster-${id}-AbCdEf`, port: s.port ?? 5432 }),
  tierDefaults: {
    prod: { backupRetentionDays: 35, instances: 2 },
  },
};
