import { ApigwAccount } from '../../imports/aws-apigateway-apigateway.aws.m.upbound.io';
import { CloudtrailTrail } from '../../imports/aws-cloudtrail-cloudtrail.aws.m.upbound.io';
import { CloudwatchMetricAlarm } from '../../imports/aws-cloudwatch-cloudwatch.aws.m.upbound.io';
import { EventsRule, EventsTarget } from '../../imports/aws-cloudwatchevents-cloudwatchevents.aws.m.upbound.io';
import { LogsGroup, LogsMetricFilter } from '../../imports/aws-cloudwatchlogs-cloudwatchlogs.aws.m.upbound.io';
import * as cfg from '../../imports/aws-configservice-configservice.aws.m.upbound.io';
import * as iam from '../../imports/aws-iam-iam.aws.m.upbound.io';
import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { COMPLIANCE_MONITORING_BAD_CLAIMS } from './bad-claims';
import { auditBucketXrNameOf, composeComplianceMonitoring, KIND } from './composer';
import { COMPLIANCE_MONITORING_EXAMPLES } from './examples';
import { COMPLIANCE_MONITORING_SPEC, COMPLIANCE_MONITORING_STATUS, type ComplianceMonitoringParameters, type ComplianceMonitoringStatus } from './parameters';

export const complianceMonitoringApi: PlatformApi<ComplianceMonitoringParameters, ComplianceMonitoringStatus> = {
  kind: KIND,
  plural: 'compliancemonitorings',
  shortNames: ['cmon'],
  description: 'The security monitoring of one AWS account in one region; create exactly one per account and region, with homeRegion true in one region only. A multi-region CloudTrail trail (global service events, log file validation, KMS) delivering to an encrypted audit SecureBucket and a KMS-encrypted CloudWatch log group; AWS Config recording every supported resource type with AWS-managed rules; the 15 CIS AWS Foundations v3.0 section 4 metric filters and alarms; EventBridge rules for GuardDuty, Security Hub and Config findings; all notifying a KMS-encrypted, TLS-only SNS topic.',
  specSchema: COMPLIANCE_MONITORING_SPEC,
  statusSchema: COMPLIANCE_MONITORING_STATUS,
  printerColumns: [
    { name: 'HOME-REGION', type: 'boolean', jsonPath: '.spec.homeRegion' },
    { name: 'TRAIL', type: 'string', jsonPath: '.status.trailName' },
    { name: 'RECORDER', type: 'string', jsonPath: '.status.recorderName', priority: 1 },
    { name: 'AUDIT-BUCKET', type: 'string', jsonPath: '.status.auditBucketName', priority: 1 },
  ],
  managedResources: [
    { ...CloudtrailTrail.GVK, plural: 'trails' },
    { ...LogsGroup.GVK, plural: 'groups' },
    { ...LogsMetricFilter.GVK, plural: 'metricfilters' },
    { ...CloudwatchMetricAlarm.GVK, plural: 'metricalarms' },
    { ...iam.IamRole.GVK, plural: 'roles' },
    { ...iam.IamRolePolicy.GVK, plural: 'rolepolicies' },
    { ...iam.IamRolePolicyAttachment.GVK, plural: 'rolepolicyattachments' },
    { ...cfg.ConfigConfigurationRecorder.GVK, plural: 'configurationrecorders' },
    { ...cfg.ConfigDeliveryChannel.GVK, plural: 'deliverychannels' },
    { ...cfg.ConfigAwsConfigurationRecorderStatus.GVK, plural: 'awsconfigurationrecorderstatuses' },
    { ...cfg.ConfigConfigRule.GVK, plural: 'configrules' },
    { ...EventsRule.GVK, plural: 'rules' },
    { ...EventsTarget.GVK, plural: 'targets' },
    { ...sns.SnsTopic.GVK, plural: 'topics' },
    { ...sns.SnsTopicPolicy.GVK, plural: 'topicpolicies' },
    { ...sns.SnsTopicSubscription.GVK, plural: 'topicsubscriptions' },
    { ...ApigwAccount.GVK, plural: 'accounts' },
  ],
  examples: COMPLIANCE_MONITORING_EXAMPLES,
  badClaims: COMPLIANCE_MONITORING_BAD_CLAIMS,
  environmentMember: {
    field: 'complianceMonitoring', cardinality: 'one', defaultName: 'compliance', prefix: 'compliance-monitoring', encryptsData: true,
    description: 'Continuous compliance monitoring of the account and region: CloudTrail, AWS Config with managed rules, the CIS metric filters and alarms, findings to SNS (ComplianceMonitoring). Once per account and region.',
    // Its audit-log SecureBucket is a nested XR of its own, named after it.
    nestedXrsOf: (name) => [{ kind: 'SecureBucket', name: auditBucketXrNameOf(name) }],
  },
  compose: composeComplianceMonitoring,
  // The trail and the CIS filters are in the home region only (homeRegion: false in the others).
  securityFeatures: (spec) => [
    'aws-config-recorder', 'aws-config-managed-rules', 'config-noncompliance-alerts', 'guardduty-findings-alerts', 'securityhub-findings-alerts', 'encrypted-alarm-topic',
    ...(spec.homeRegion !== false ? ['cloudtrail-multi-region', 'cloudtrail-log-file-validation', 'cloudtrail-kms-encryption', 'cis-metric-filters-and-alarms'] : []),
  ],
};
