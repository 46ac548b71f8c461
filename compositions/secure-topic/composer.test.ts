import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../lib/composer';
import { parseSpec } from '../../lib/parameters';
import { KubeValidator } from '../../lib/validation';
import { readyManaged } from '../../synth/steady-state';
import { asXr, DEV_COMMON, PROD_COMMON, xrObject } from '../../test/support/xr';
import { ENCRYPTION_KEY_EXAMPLES } from '../encryption-key/examples';
import type { PolicyStatement } from '../encryption-key/key-policy';
import { secureTopicApi } from '.';
import { components } from './composer';
import { SECURE_TOPIC_EXAMPLES } from './examples';
import type { SecureTopicParameters } from './parameters';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:dev-orders';
const ROLE = 'arn:aws:iam::222222222222:role/checkout';
const HOOK = { protocol: 'https', endpoint: 'https://hooks.example.com/orders' } as const;
const base = { ...DEV_COMMON, encryptionKeyRef: { name: 'orders-key' } };

function key(status: Record<string, unknown>, spec: Record<string, unknown> = { services: ['sns'] }) {
  return { 'encryption-key': [{ ...xrObject('EncryptionKey', 'orders-key', spec), status }] };
}
/** Composes in a world where the EncryptionKey has reported its ARN, unless `required` says otherwise. */
function compose(spec: Record<string, unknown>, required: Record<string, KubeObject[]> = key({ keyArn: KEY_ARN }), observed: Record<string, KubeObject> = {}) {
  const xr = xrObject('SecureTopic', 'orders', spec);
  return secureTopicApi.compose({ xr: asXr(xr, parseSpec<SecureTopicParameters>(secureTopicApi, spec)), observed, required });
}
const fp = (r: KubeObject) => r.spec.forProvider;
const statements = (out: ReturnType<typeof compose>) => (JSON.parse(fp(out.resources['topic-policy']).policy) as { Statement: PolicyStatement[] }).Statement;

describe('SecureTopic composer', () => {
  it.each([
    ['key not reported yet: only the Usage (the topic is never created without its key)', base, key({}), ['encryption-key-usage']],
    ['key known', base, undefined, ['encryption-key-usage', 'topic', 'topic-policy']],
    ['key known, one subscription', { ...base, subscriptions: [HOOK] }, undefined, ['encryption-key-usage', components.subscription(HOOK), 'topic', 'topic-policy']],
  ])('%s', (_n, spec, required, want) => {
    expect(Object.keys(compose(spec, required).resources).sort()).toEqual([...want].sort());
  });

  it.each([
    ['standard, dev', base, { name: 'dev-orders', fifo: undefined, policies: ['*'] }],
    ['FIFO with content deduplication, prod', { ...PROD_COMMON, encryptionKeyRef: { name: 'orders-key' }, topicName: 'orders', fifo: true, contentBasedDeduplication: true },
      { name: 'orders.fifo', fifo: true, policies: ['Observe', 'Create', 'Update', 'LateInitialize'] }],
  ])('the topic (%s): its name, encrypted with the key ARN itself, management policies', (_n, spec, want) => {
    const topic = compose(spec).resources.topic;
    expect(topic.metadata?.annotations?.['crossplane.io/external-name']).toBe(want.name);
    expect(fp(topic)).toMatchObject({ kmsMasterKeyId: KEY_ARN, tags: { Environment: spec.environment, ManagedBy: 'crossplane/secure-baseline' } });
    expect(fp(topic).fifoTopic).toBe(want.fifo);
    expect(fp(topic).kmsMasterKeyIdSelector).toBeUndefined();
    expect(topic.spec.managementPolicies).toEqual(want.policies);
  });

  it('keeps the key ARN it was composed with while the EncryptionKey status is momentarily incomplete', () => {
    const observed = { topic: readyManaged(compose(base).resources.topic, { arn: TOPIC_ARN }) };
    const again = compose(base, key({}), observed);
    expect(fp(again.resources.topic).kmsMasterKeyId).toBe(KEY_ARN);
    expect(again.status).toEqual({ topicName: 'dev-orders', topicArn: TOPIC_ARN, encryptionKeyArn: KEY_ARN });
  });

  it('the policy: TLS only, nothing published from outside the account, only the named publishers allowed', () => {
    expect(statements(compose(base)).map((s) => s.Sid)).toEqual(['DenyPublishingFromOutsideTheAccount', 'DenyInsecureTransport']);
    const out = compose({ ...base, publisherRoleArns: [ROLE], publisherServices: ['events.amazonaws.com'] });
    expect(fp(out.resources['topic-policy']).arnSelector).toEqual({ matchControllerRef: true, matchLabels: { 'platform.secure-baseline.io/component': 'topic' } });
    expect(statements(out)).toEqual([
      { Sid: 'AllowTheNamedRolesToPublish', Effect: 'Allow', Principal: { AWS: [ROLE] }, Action: 'sns:Publish', Resource: TOPIC_ARN },
      { Sid: 'AllowTheNamedServicesToPublishForThisAccount', Effect: 'Allow', Principal: { Service: ['events.amazonaws.com'] }, Action: 'sns:Publish', Resource: TOPIC_ARN, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } },
      {
        Sid: 'DenyPublishingFromOutsideTheAccount', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC_ARN,
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': '111111111111' }, Bool: { 'aws:PrincipalIsAWSService': 'false' }, ArnNotEquals: { 'aws:PrincipalArn': [ROLE] } },
      },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:*', Resource: TOPIC_ARN, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
  });

  it('reports the topic name and ARN at once, and waits with a condition and a warning when the key does not admit SNS', () => {
    expect(compose(base, key({})).status).toEqual({ topicName: 'dev-orders', topicArn: TOPIC_ARN });
    expect(compose(base, key({})).conditions).toEqual([expect.objectContaining({ type: 'EncryptionKeyReady', status: 'False', reason: 'WaitingForEncryptionKey' })]);
    expect(compose(base, key({ keyArn: KEY_ARN }, { services: ['s3'] })).warnings).toEqual([expect.stringContaining('does not list sns')]);
    expect(compose(base).warnings).toBeUndefined();
  });

  it('keeps the encryption key from being deleted while the topic exists', () => {
    expect(compose(base, key({})).resources['encryption-key-usage'].spec).toMatchObject({
      of: { kind: 'EncryptionKey', resourceRef: { name: 'orders-key' } }, by: { kind: 'SecureTopic', resourceRef: { name: 'orders' } }, replayDeletion: true,
    });
  });
});

describe('SecureTopic examples', () => {
  const validator = KubeValidator.fromPinnedCrds();
  const keys = (ready: boolean) => Object.fromEntries(ENCRYPTION_KEY_EXAMPLES.map((k) => [k.name, { ...xrObject('EncryptionKey', k.name, { ...k.spec }, 'examples'), ...(ready ? { status: { keyArn: `arn:aws:kms:${k.spec.region}:${k.spec.accountId}:key/${k.name}` } } : {}) }]));

  it.each(SECURE_TOPIC_EXAMPLES.flatMap((e) => [[e.name, false], [e.name, true]] as const))('%s (key ready: %s): every composed resource is valid as Crossplane creates it', (name, ready) => {
    const example = SECURE_TOPIC_EXAMPLES.find((e) => e.name === name)!;
    const spec = parseSpec<SecureTopicParameters>(secureTopicApi, example.spec);
    const out = secureTopicApi.compose({ xr: asXr(xrObject('SecureTopic', name, { ...example.spec }, 'examples'), spec), observed: {}, required: { 'encryption-key': [keys(ready)[example.spec.encryptionKeyRef.name]] } });
    expect(Object.keys(out.resources).includes('topic')).toBe(ready);
    const created = Object.values(out.resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: 'examples', generateName: `${name}-` } }));
    expect(created.flatMap((r) => validator.validate(r)).map((i) => `${i.object}: ${i.path}: ${i.message}`)).toEqual([]);
    // The minimal EncryptionKey admits no service: the API says so instead of failing later in AWS.
    expect(out.warnings ?? []).toHaveLength(example.spec.encryptionKeyRef.name === 'minimal' ? 1 : 0);
  });
});
