/** SecureTopic claims the API must refuse, each changing the minimal example in one way (see PlatformApi.badClaims). */
import type { BadClaim } from '../../lib/composer';
import { SECURE_TOPIC_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...SECURE_TOPIC_EXAMPLES[0].spec };

export const SECURE_TOPIC_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a topic without its encryption key', spec: Object.fromEntries(Object.entries(MINIMAL).filter(([k]) => k !== 'encryptionKeyRef')), field: 'spec.encryptionKeyRef', words: 'equired' },
  { what: 'content deduplication on a standard topic', spec: { ...MINIMAL, contentBasedDeduplication: true }, field: 'spec.contentBasedDeduplication', words: 'only for FIFO topics' },
  { what: 'a plain-HTTP subscription', spec: { ...MINIMAL, subscriptions: [{ protocol: 'http', endpoint: 'http://example.com/hook' }] }, field: 'spec.subscriptions[0].protocol', words: 'must be one of' },
  { what: 'a publisher that is a user, not a role', spec: { ...MINIMAL, publisherRoleArns: ['arn:aws:iam::123456789012:user/alice'] }, field: 'spec.publisherRoleArns[0]', words: 'must match pattern' },
  { what: 'a publisher service the platform does not know', spec: { ...MINIMAL, publisherServices: ['sqs.amazonaws.com'] }, field: 'spec.publisherServices[0]', words: 'must be one of' },
  { what: 'a topic name with a dot', spec: { ...MINIMAL, topicName: 'orders.events' }, field: 'spec.topicName', words: 'must match pattern' },
];
