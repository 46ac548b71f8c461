/**
 * The CIS AWS Foundations Benchmark v3.0 section 4 (monitoring) controls that are CloudWatch Logs metric filters on
 * the CloudTrail log group, each with a metric and an alarm that notifies the alarm topic (4.16, "Security Hub
 * enabled", is not a metric filter). The patterns are copied verbatim from the benchmark reference: a test reads
 * that reference file and compares every control, id and pattern with this table, so never edit a pattern by hand.
 *
 * 4.1 mixes || and && without brackets; CloudWatch Logs binds && tighter, so its exclusions (log delivery,
 * HeadBucket) apply to the AccessDenied* branch only and every *UnauthorizedOperation error alarms. That is the
 * intended behaviour (the exclusions silence S3 noise), and cis-metric-filters.test.ts pins it down.
 */

export interface CisMetricFilter {
  /** The benchmark control, e.g. '4.1'. */
  readonly control: `4.${number}`;
  /** Stable kebab-case id of the control: names the filter, its metric and its alarm. */
  readonly id: string;
  /** What the alarm reports; its description. */
  readonly title: string;
  /** CloudWatch Logs filter pattern, exactly as the benchmark reference gives it. */
  readonly pattern: string;
}

/** CloudWatch namespace of the metrics the filters publish. */
export const CIS_METRIC_NAMESPACE = 'CISBenchmark';

export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
  {
    control: '4.1', id: 'unauthorized-api-calls', title: 'Unauthorized API calls',
    pattern: '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  },
  {
    control: '4.2', id: 'console-signin-without-mfa', title: 'Management console sign-in without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    control: '4.3', id: 'root-account-usage', title: 'Usage of the root account',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    control: '4.4', id: 'iam-policy-changes', title: 'IAM policy changes',
    pattern: '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
  },
  {
    control: '4.5', id: 'cloudtrail-config-changes', title: 'CloudTrail configuration changes',
    pattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  {
    control: '4.6', id: 'console-authentication-failures', title: 'Management console authentication failures',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    control: '4.7', id: 'cmk-disable-or-scheduled-deletion', title: 'Disabling or scheduled deletion of customer-managed KMS keys',
    pattern: '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  },
  {
    control: '4.8', id: 's3-bucket-policy-changes', title: 'S3 bucket policy changes',
    pattern: '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  },
  {
    control: '4.9', id: 'aws-config-changes', title: 'AWS Config configuration changes',
    pattern: '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  },
  {
    control: '4.10', id: 'security-group-changes', title: 'Security group changes',
    pattern: '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    control: '4.11', id: 'nacl-changes', title: 'Network ACL changes',
    pattern: '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    control: '4.12', id: 'network-gateway-changes', title: 'Changes to network gateways',
    pattern: '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  },
  {
    control: '4.13', id: 'route-table-changes', title: 'Route table changes',
    pattern: '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
  },
  {
    control: '4.14', id: 'vpc-changes', title: 'VPC changes',
    pattern: '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    control: '4.15', id: 'organizations-changes', title: 'AWS Organizations changes',
    pattern: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/** The CloudWatch metric of a control, e.g. UnauthorizedApiCalls for unauthorized-api-calls. */
export function cisMetricName(f: Pick<CisMetricFilter, 'id'>): string {
  return f.id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
