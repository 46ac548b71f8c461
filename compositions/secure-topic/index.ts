import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import type { PlatformApi } from '../../lib/composer';
import { SECURE_TOPIC_BAD_CLAIMS } from './bad-claims';
import { composeSecureTopic, KIND } from './composer';
import { SECURE_TOPIC_EXAMPLES } from './examples';
import { SECURE_TOPIC_SPEC, SECURE_TOPIC_STATUS, type SecureTopicParameters, type SecureTopicStatus } from './parameters';

export const secureTopicApi: PlatformApi<SecureTopicParameters, SecureTopicStatus> = {
  kind: KIND,
  plural: 'securetopics',
  shortNames: ['stopic'],
  description: 'An SNS topic encrypted with a customer-managed key, that only the named IAM roles and AWS services of the account may publish to (explicit deny for principals outside the account, TLS only), with email or HTTPS subscriptions.',
  specSchema: SECURE_TOPIC_SPEC,
  statusSchema: SECURE_TOPIC_STATUS,
  printerColumns: [
    { name: 'TOPIC', type: 'string', jsonPath: '.status.topicName' },
    { name: 'ARN', type: 'string', jsonPath: '.status.topicArn', priority: 1 },
  ],
  managedResources: [
    { ...sns.SnsTopic.GVK, plural: 'topics' },
    { ...sns.SnsTopicPolicy.GVK, plural: 'topicpolicies' },
    { ...sns.SnsTopicSubscription.GVK, plural: 'topicsubscriptions' },
  ],
  examples: SECURE_TOPIC_EXAMPLES,
  badClaims: SECURE_TOPIC_BAD_CLAIMS,
  compose: composeSecureTopic,
};
