/**
 * The typed schema builders and the composer kit: their types are the point, so most of these cases are checked by
 * tsc (`npm test` type-checks test files): each `@ts-expect-error` line must be an error, or tsc fails on the unused
 * directive. The runtime cases check the builders still emit the plain schema.
 */
import { describe, expect, it } from '@jest/globals';
import * as sns from '../imports/aws-sns-sns.aws.m.upbound.io';
import type { SecureTopicParameters, SecureTopicStatus } from '../compositions/secure-topic/parameters';
import type { CommonParameters } from './common';
import { reported } from './composer';
import { ComposerKit } from './kit';
import { arr, bool, int, map, obj, str, type Infer, type InferInput } from './schema';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const assertType = <T extends true>(_proof?: T) => undefined;

const SAMPLE = obj('A sample.', {
  name: str('Name.'),
  mode: str('Mode.', { enum: ['Fast', 'Safe'] as const, default: 'Safe' }),
  count: int('Count.', { minimum: 1 }),
  enabled: bool('Enabled.', { default: true }),
  labels: map('Labels.', str('Value.')),
  ports: arr('Ports.', int('Port.')),
}, { required: ['name'] });
type Sample = Infer<typeof SAMPLE>;

describe('typed schema builders', () => {
  it('derive the value type: required and defaulted fields present, the others optional', () => {
    assertType<Equal<Sample, {
      readonly name: string; readonly mode: 'Fast' | 'Safe'; readonly enabled: boolean;
      readonly count?: number; readonly labels?: Readonly<Record<string, string>>; readonly ports?: readonly number[];
    }>>();
    // A claim (what users write) may leave out every defaulted field, at any depth.
    assertType<Equal<InferInput<typeof SAMPLE>, {
      readonly name: string; readonly mode?: 'Fast' | 'Safe'; readonly enabled?: boolean;
      readonly count?: number; readonly labels?: Readonly<Record<string, string>>; readonly ports?: readonly number[];
    }>>();
    const NESTED = obj('Nested.', { inner: obj('Inner.', { flag: bool('Flag.', { default: false }), id: str('Id.') }, { required: ['id'] }) }, { required: ['inner'] });
    assertType<Equal<Infer<typeof NESTED>, { readonly inner: { readonly flag: boolean; readonly id: string } }>>();
    assertType<Equal<InferInput<typeof NESTED>, { readonly inner: { readonly flag?: boolean; readonly id: string } }>>();
    expect(NESTED.required).toEqual(['inner']);
    assertType<Equal<CommonParameters['tier'], 'dev' | 'staging' | 'prod'>>();
    assertType<Equal<CommonParameters['providerConfigRef'], { readonly kind: 'ClusterProviderConfig' | 'ProviderConfig'; readonly name: string }>>();
    assertType<Equal<SecureTopicParameters['fifo'], boolean>>();
    assertType<Equal<SecureTopicParameters['topicName'], string | undefined>>();
    // @ts-expect-error a field the schema does not have
    assertType<Equal<SecureTopicParameters['topicNmae'], string | undefined>>();
    // @ts-expect-error required must name properties of the object
    obj('Bad.', { name: str('Name.') }, { required: ['nmae'] });
    expect(true).toBe(true);
  });

  it('emit the plain schema', () => {
    expect(SAMPLE).toEqual({
      description: 'A sample.', type: 'object', required: ['name'],
      properties: {
        name: { description: 'Name.', type: 'string' },
        mode: { description: 'Mode.', type: 'string', enum: ['Fast', 'Safe'], default: 'Safe' },
        count: { description: 'Count.', type: 'integer', format: 'int32', minimum: 1 },
        enabled: { description: 'Enabled.', type: 'boolean', default: true },
        labels: { description: 'Labels.', type: 'object', additionalProperties: { description: 'Value.', type: 'string' } },
        ports: { description: 'Ports.', type: 'array', items: { description: 'Port.', type: 'integer', format: 'int32' } },
      },
    });
  });
});

describe('typed status and composer kit', () => {
  it('a status key or value the status schema lacks does not compile', () => {
    const ok = reported<SecureTopicStatus>({ topicName: 'orders', topicArn: undefined });
    expect(ok).toEqual({ topicName: 'orders' });
    // @ts-expect-error a status field the schema does not have
    reported<SecureTopicStatus>({ topicNmae: 'orders' });
    // @ts-expect-error a status value of the wrong type
    reported<SecureTopicStatus>({ topicName: 42 });
  });

  it('kit.add checks forProvider against the generated class and composes labels, policies and provider config', () => {
    const spec = { environment: 'dev', tier: 'dev', region: 'us-east-1', accountId: '111111111111', owner: 'o', costCenter: 'c', dataClassification: 'internal', tags: {}, providerConfigRef: { kind: 'ClusterProviderConfig', name: 'aws' }, deletionProtection: true, compliance: { enforce: false, suppressions: [] } } as const;
    const kit = new ComposerKit('SecureTopic', { apiVersion: 'v1', kind: 'SecureTopic', metadata: { name: 'orders', namespace: 'team-a' }, spec });
    const topic = kit.add('topic', sns.SnsTopic, { region: 'us-east-1' }, { externalName: 'dev-orders' });
    expect(topic.metadata).toEqual({
      labels: { 'platform.secure-baseline.io/kind': 'securetopic', 'platform.secure-baseline.io/name': 'orders', 'platform.secure-baseline.io/component': 'topic' },
      annotations: { 'crossplane.io/external-name': 'dev-orders' },
    });
    // Deletion protection: no Delete policy, unless the part says otherwise.
    expect(topic.spec).toEqual({ forProvider: { region: 'us-east-1' }, managementPolicies: ['Observe', 'Create', 'Update', 'LateInitialize'], providerConfigRef: { kind: 'ClusterProviderConfig', name: 'aws' } });
    expect(kit.add('policy', sns.SnsTopicPolicy, { region: 'us-east-1' }, { managementPolicies: ['*'] }).spec.managementPolicies).toEqual(['*']);
    expect(Object.keys(kit.resources)).toEqual(['topic', 'policy']);
    // @ts-expect-error a forProvider field the kind does not have
    kit.add('t', sns.SnsTopic, { region: 'us-east-1', kmsMasterKeyIdd: 'k' });
    // @ts-expect-error a forProvider value of the wrong type
    kit.add('t', sns.SnsTopic, { region: 1 });
  });
});
