/**
 * SecureTopic → an SNS topic encrypted with the environment's customer-managed key, its resource policy (named
 * publishers only, nothing from outside the account, TLS only), its email or HTTPS subscriptions, and a Usage that
 * keeps the EncryptionKey from being deleted while the topic exists.
 */
import * as sns from '../../imports/aws-sns-sns.aws.m.upbound.io';
import { awsTags, componentLabels, managementPolicies, sameXrSelector } from '../../lib/common';
import { atProvider, defined, type ComposeInput, type Composition, type KubeObject } from '../../lib/composer';
import { components as monitoringComponents } from '../compliance-monitoring/composer';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency, platformUsage } from '../encryption-key/dependency';
import type { SecureTopicParameters } from './parameters';
import { topicPolicy } from './topic-policy';

export const KIND = 'SecureTopic';

/** The topic's AWS name: spec.topicName or `<environment>-<name>`, with the `.fifo` suffix SNS requires of FIFO topics. */
export function topicNameOf(xrName: string, p: Pick<SecureTopicParameters, 'environment' | 'topicName' | 'fifo'>): string {
  return `${p.topicName ?? `${p.environment}-${xrName}`}${p.fifo ? '.fifo' : ''}`;
}

/** Component names: subscriptions named after what they deliver to, so reordering the list changes nothing. */
export const components = { subscription: monitoringComponents.subscription } as const;

export function composeSecureTopic({ xr, observed, required }: ComposeInput<SecureTopicParameters>): Composition {
  const p = xr.spec;
  const name = xr.metadata.name;
  const topicName = topicNameOf(name, p);
  const topicArn = `arn:aws:sns:${p.region}:${p.accountId}:${topicName}`;
  const mr = <F>(forProvider: F) => ({ managementPolicies: managementPolicies<any>(p), providerConfigRef: p.providerConfigRef, forProvider });
  const labels = (component: string) => ({ labels: componentLabels(KIND, name, component) });
  const topicSelector = sameXrSelector('topic');

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required, { name: 'sns', what: 'SNS' });
  const keyArn = dependency.arnFor(observed.topic, 'kmsMasterKeyId');

  const resources: Record<string, KubeObject> = {};
  // The topic is created with its key or not at all (never with the AWS-managed aws/sns key first); its policy and
  // subscriptions with it.
  if (keyArn) {
    resources.topic = sns.SnsTopic.manifest({
      // The topic name is the external name of an sns Topic.
      metadata: { ...labels('topic'), annotations: { 'crossplane.io/external-name': topicName } },
      spec: mr({
        region: p.region,
        kmsMasterKeyId: keyArn,
        ...defined({ displayName: p.displayName }),
        ...(p.fifo ? { fifoTopic: true, contentBasedDeduplication: p.contentBasedDeduplication } : {}),
        tags: awsTags(p),
      }),
    });
    resources['topic-policy'] = sns.SnsTopicPolicy.manifest({
      metadata: labels('topic-policy'),
      spec: mr({ region: p.region, arnSelector: topicSelector, policy: JSON.stringify(topicPolicy(topicArn, p)) }),
    });
    for (const s of p.subscriptions) {
      resources[components.subscription(s)] = sns.SnsTopicSubscription.manifest({
        metadata: labels(components.subscription(s)),
        spec: mr({ region: p.region, topicArnSelector: topicSelector, protocol: s.protocol, endpoint: s.endpoint }),
      });
    }
  }
  resources['encryption-key-usage'] = platformUsage({ kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, { kind: KIND, name },
    `SecureTopic ${name} stores messages encrypted with this key`, labels('encryption-key-usage'));

  const warnings = dependency.warnings;
  return {
    resources,
    requirements: dependency.requirements,
    conditions: [dependency.condition(`The topic is encrypted with ${keyArn}`, '; the topic is created once it does')],
    ...(warnings.length ? { warnings } : {}),
    status: defined({ topicName, topicArn: atProvider(observed.topic, 'arn') ?? topicArn, encryptionKeyArn: keyArn }),
  };
}
