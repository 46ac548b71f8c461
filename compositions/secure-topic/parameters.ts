import { COMMON_PROPERTIES, COMMON_REQUIRED, COMMON_RULES, localRef } from '../../lib/common';
import { arr, bool, obj, str, type Infer } from '../../lib/schema';
import { subscriptionsSchema, type Subscription } from '../compliance-monitoring/parameters';
import { ROLE_ARN_PATTERN } from '../managed-secret/parameters';

/** AWS services that may publish to a topic, each only on behalf of the topic's own account (aws:SourceAccount). */
export const PUBLISHER_SERVICES = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 's3.amazonaws.com'] as const;
export type PublisherService = (typeof PUBLISHER_SERVICES)[number];

export const SECURE_TOPIC_DEFAULTS = {
  fifo: false,
  contentBasedDeduplication: false,
  publisherRoleArns: [] as string[],
  publisherServices: [] as PublisherService[],
  subscriptions: [] as Subscription[],
} as const;

export const SECURE_TOPIC_SPEC = obj('Desired state of the secure topic.', {
  ...COMMON_PROPERTIES,
  encryptionKeyRef: localRef('EncryptionKey', 'The EncryptionKey, in this namespace, whose KMS key encrypts the topic\'s messages at rest. Its services should include sns.'),
  topicName: str('Topic name, unique in the account and region; .fifo is appended for a FIFO topic. Defaults to <environment>-<name>. Cannot change.', {
    pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: 251,
  }),
  displayName: str('Shown as the sender of email notifications.', { minLength: 1, maxLength: 100 }),
  fifo: bool('A FIFO topic: ordered, exactly-once delivery. Cannot change.', { default: SECURE_TOPIC_DEFAULTS.fifo }),
  contentBasedDeduplication: bool('FIFO topics only: deduplicate messages by a hash of their body instead of an explicit deduplication id.', { default: SECURE_TOPIC_DEFAULTS.contentBasedDeduplication }),
  publisherRoleArns: arr('IAM roles allowed to publish (sns:Publish). Publishing by any other principal outside the account is denied; principals of the account still need IAM permissions of their own.',
    str('ARN of an IAM role.', { pattern: ROLE_ARN_PATTERN }), { default: SECURE_TOPIC_DEFAULTS.publisherRoleArns, maxItems: 10, listType: 'set' }),
  publisherServices: arr('AWS services allowed to publish on behalf of this account only (aws:SourceAccount): CloudWatch alarms, EventBridge rules, S3 event notifications.',
    str('A service principal.', { enum: PUBLISHER_SERVICES }), { default: SECURE_TOPIC_DEFAULTS.publisherServices, maxItems: PUBLISHER_SERVICES.length, listType: 'set' }),
  subscriptions: subscriptionsSchema('Who the topic notifies: email addresses or HTTPS endpoints (plain HTTP is refused). Each must confirm its subscription.'),
}, {
  required: [...COMMON_REQUIRED, 'encryptionKeyRef'],
  rules: [
    ...COMMON_RULES,
    { rule: 'self.fifo || !self.contentBasedDeduplication', message: 'contentBasedDeduplication is only for FIFO topics', fieldPath: '.contentBasedDeduplication' },
    { rule: 'self.fifo == oldSelf.fifo', message: 'fifo cannot change: a topic is created standard or FIFO', fieldPath: '.fifo' },
    { rule: '!has(oldSelf.topicName) || (has(self.topicName) && self.topicName == oldSelf.topicName)', message: 'topicName cannot change: SNS topics cannot be renamed', fieldPath: '.topicName' },
  ],
});

export const SECURE_TOPIC_STATUS = obj('Observed outputs of the secure topic.', {
  topicName: str('Name of the topic.'),
  topicArn: str('ARN of the topic.'),
  encryptionKeyArn: str('ARN of the KMS key encrypting the topic, once the EncryptionKey reports it.'),
});

/**
 * An SNS topic encrypted with a customer-managed key, that only the named roles and services of the account may
 * publish to, over TLS only, with email or HTTPS subscriptions. Derived from the schema above (its descriptions
 * document each field, its defaults fill them): the one statement of the API's parameters.
 */
export type SecureTopicParameters = Infer<typeof SECURE_TOPIC_SPEC>;
/** What a SecureTopic reports, derived from its status schema. */
export type SecureTopicStatus = Infer<typeof SECURE_TOPIC_STATUS>;
