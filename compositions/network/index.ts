import { LogsGroup } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as ec2 from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as s3 from '../../imports/aws-s3-s3.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { NETWORK_BAD_CLAIMS } from './bad-claims';
import { composeNetwork, KIND } from './composer';
import { Ec2VpcEndpointSecurityGroupAssociation as VpcEndpointSecurityGroupAssociation, Ec2VpcEndpointSubnetAssociation as VpcEndpointSubnetAssociation } from '../../imports/aws-ec2-ec2.aws.m.upbound.io';
import { NETWORK_EXAMPLES } from './examples';
import { NETWORK_SPEC, NETWORK_STATUS, type NetworkParameters, type NetworkStatus } from './parameters';

export const networkApi: PlatformApi<NetworkParameters, NetworkStatus> = {
  kind: KIND,
  plural: 'networks',
  shortNames: ['net'],
  description: 'A VPC with private application subnets, isolated database subnets that have no route to any internet or NAT gateway, and optional public subnets with NAT, across availability zones; the default security group emptied; flow logs of all traffic to a KMS-encrypted, private, TLS-only bucket (optionally also CloudWatch Logs); S3 and DynamoDB gateway endpoints and interface endpoints reachable over HTTPS from the VPC only.',
  specSchema: NETWORK_SPEC,
  statusSchema: NETWORK_STATUS,
  printerColumns: [
    { name: 'CIDR', type: 'string', jsonPath: '.spec.cidr' },
    { name: 'VPC', type: 'string', jsonPath: '.status.vpcId' },
    { name: 'AZS', type: 'integer', jsonPath: '.spec.availabilityZones', priority: 1 },
    { name: 'PUBLIC', type: 'boolean', jsonPath: '.spec.publicSubnets', priority: 1 },
  ],
  managedResources: [
    { ...ec2.Ec2Vpc.GVK, plural: 'vpcs' },
    { ...ec2.Ec2DefaultSecurityGroup.GVK, plural: 'defaultsecuritygroups' },
    { ...ec2.Ec2Subnet.GVK, plural: 'subnets' },
    { ...ec2.Ec2RouteTable.GVK, plural: 'routetables' },
    { ...ec2.Ec2RouteTableAssociation.GVK, plural: 'routetableassociations' },
    { ...ec2.Ec2Route.GVK, plural: 'routes' },
    { ...ec2.Ec2InternetGateway.GVK, plural: 'internetgateways' },
    { ...ec2.Ec2Eip.GVK, plural: 'eips' },
    { ...ec2.Ec2NatGateway.GVK, plural: 'natgateways' },
    { ...ec2.Ec2SecurityGroup.GVK, plural: 'securitygroups' },
    { ...ec2.Ec2SecurityGroupIngressRule.GVK, plural: 'securitygroupingressrules' },
    { ...ec2.Ec2SecurityGroupEgressRule.GVK, plural: 'securitygroupegressrules' },
    { ...ec2.Ec2VpcEndpoint.GVK, plural: 'vpcendpoints' },
    { ...ec2.Ec2VpcEndpointRouteTableAssociation.GVK, plural: 'vpcendpointroutetableassociations' },
    { ...VpcEndpointSubnetAssociation.GVK, plural: 'vpcendpointsubnetassociations' },
    { ...VpcEndpointSecurityGroupAssociation.GVK, plural: 'vpcendpointsecuritygroupassociations' },
    { ...ec2.Ec2FlowLog.GVK, plural: 'flowlogs' },
    { ...s3.S3Bucket.GVK, plural: 'buckets' },
    { ...s3.S3BucketServerSideEncryptionConfiguration.GVK, plural: 'bucketserversideencryptionconfigurations' },
    { ...s3.S3BucketVersioning.GVK, plural: 'bucketversionings' },
    { ...s3.S3BucketPublicAccessBlock.GVK, plural: 'bucketpublicaccessblocks' },
    { ...s3.S3BucketOwnershipControls.GVK, plural: 'bucketownershipcontrols' },
    { ...s3.S3BucketPolicy.GVK, plural: 'bucketpolicies' },
    { ...s3.S3BucketLifecycleConfiguration.GVK, plural: 'bucketlifecycleconfigurations' },
    { ...LogsGroup.GVK, plural: 'groups' },
    { ...iam.IamRole.GVK, plural: 'roles' },
    { ...iam.IamRolePolicy.GVK, plural: 'rolepolicies' },
  ],
  examples: NETWORK_EXAMPLES,
  badClaims: NETWORK_BAD_CLAIMS,
  environmentMember: {
    field: 'network', cardinality: 'one', defaultName: 'main', prefix: 'network', encryptsData: true,
    description: 'The VPC (Network) workloads and databases run in. Flow logs are encrypted with a key of this environment.',
  },
  compose: composeNetwork,
  securityFeatures: () => ['vpc-flow-logs', 'default-security-group-closed', 'isolated-database-subnets', 'vpc-endpoints'],
  readyStatus: (s, { id }) => ({ ...s, vpcId: `vpc-${id}0000000` }),
  tierDefaults: {
    dev: { flowLogRetentionDays: 90 },
    staging: { flowLogRetentionDays: 365 },
    prod: { flowLogRetentionDays: 730, publicSubnets: true, natGateways: 'OnePerAz', flowLogsToCloudWatch: true },
  },
};
