/**
 * SecureTopic → an SNS topic encrypted with the environment's customer-managed key, its resource policy (named
 * publishers only, nothing from outside the account, TLS only), its email or HTTPS subscriptions, and a Usage that
 * keeps the EncryptionKey from being deleted while the topic exists.
 */
import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import { sameXrSelector } from '../../lib/common';
import { atProvider, defined, reported, type ComposeInput, type Composition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { components as monitoringComponents } from '../compliance-monitoring/composer';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency } from '../encryption-key/dependency';
import type { SecureTopicParameters, SecureTopicStatus } from './parameters';
import { topicPolicy } from './topic-policy';

export const KIND = 'SecureTopic';

/** The topic's AWS name: spec.topicName or `<environment>-<name>`, with the `.fifo` suffix SNS requires of FIFO topics. */
export function topicNameOf(xrName: string, p: Pick<SecureTopicParameters, 'environment' | 'topicName' | 'fifo'>): string {
  return `${p.topicName ?? `${p.environment}-${xrName}`}${p.fifo ? '.fifo' : ''}`;
}

/** Component names: subscriptions named after what they deliver to, so reordering the list changes nothing. */
export const components = { subscription: monitoringComponents.subscription } as const;

export function composeSecureTopic({ xr, observed, required }: ComposeInput<SecureTopicParameters>): Composition<SecureTopicStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const topicName = topicNameOf(name, p);
  const topicArn = `arn:aws:sns:${p.region}:${p.accountId}:${topicName}`;
  const kit = new ComposerKit(KIND, xr);
  const topicSelector = sameXrSelector('topic');

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required, { name: 'sns', what: 'SNS' });
  const keyArn = dependency.arnFor(observed.topic, 'kmsMasterKeyId');

  // The topic is created with its key or not at all (never with the AWS-managed aws/sns key first); its policy and
  // subscriptions with it. The topic name is the external name of an sns Topic.
  if (keyArn) {
    kit.add('topic', sns.SnsTopic, {
      region: p.region,
      kmsMasterKeyId: keyArn,
      ...defined({ displayName: p.displayName }),
      ...(p.fifo ? { fifoTopic: true, contentBasedDeduplication: p.contentBasedDeduplication } : {}),
      tags: kit.tags,
    }, { externalName: topicName });
    kit.add('topic-policy', sns.SnsTopicPolicy, { region: p.region, arnSelector: topicSelector, policy: JSON.stringify(topicPolicy(topicArn, p)) });
    for (const s of p.subscriptions) {
      kit.add(components.subscription(s), sns.SnsTopicSubscription, { region: p.region, topicArnSelector: topicSelector, protocol: s.protocol, endpoint: s.endpoint });
    }
  }
  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name },
    `SecureTopic ${name} stores messages encrypted with this key`);

  const warnings = dependency.warnings;
  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions: [dependency.condition(`The topic is encrypted with ${keyArn}`, '; the topic is created once it does')],
    ...(warnings.length ? { warnings } : {}),
    status: reported<SecureTopicStatus>({ topicName, topicArn: atProvider(observed.topic, 'arn') ?? topicArn, encryptionKeyArn: keyArn }),
  };
}
