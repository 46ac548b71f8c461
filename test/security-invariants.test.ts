/**
 * Properties every environment, API example and requirement scenario must have, checked on everything they
 * compose, at first and once everything has reported its ARNs and ids (some statements exist only then):
 * - every Allow statement of every policy names explicit actions and resources, except the wildcards AWS requires,
 *   listed once in lib/policy-exceptions.ts;
 * - every KMS key field names a key ARN, never a key selector or reference (see composedKeyArn), and each key-backed
 *   resource keeps the ARN it was composed with;
 * - every CloudWatch log group is encrypted with a customer-managed key and expires;
 * - every Lambda function runs in a VPC, encrypts its environment with a customer-managed key and is traced;
 * - wherever ComplianceMonitoring is composed: all 15 CIS AWS Foundations v3.0 §4 metric filters with their exact
 *   patterns, each with an alarm that notifies the SNS topic.
 */
import { describe, expect, it } from '@jest/globals';
import { SYNTHESIZED_ENVIRONMENTS } from '../examples';
import { readCisReference } from '../compositions/compliance-monitoring/cis-reference';
import { environmentXrs, exampleXrs } from '../synth/claims';
import type { KubeObject } from '../lib/composer';
import { isExplicitAction, isExplicitResource, listedException, MANAGED_POLICY_EXCEPTIONS, WILDCARD_EXCEPTIONS } from '../lib/policy-exceptions';
import { previewClaim } from '../synth/preview';
import { reconciled, settledXrs } from '../synth/steady-state';
import { keyReferences } from '../compliance/rules/crosscutting';

const SETS: Array<[string, KubeObject[]]> = [
  ...SYNTHESIZED_ENVIRONMENTS.map(({ env }): [string, KubeObject[]] => [env.name, environmentXrs(env)]),
  ['examples', exampleXrs()],
];

/** Everything the XRs compose: at first, and once every XR and composed resource has reported its ARNs and ids. */
function composedIn(xrs: KubeObject[]): KubeObject[] {
  // The auditor's ExternalId Secret is created out of band (never in git): stand one in so the auditor role composes.
  const settled = [...settledXrs(xrs), ...xrs.filter((x) => x.kind === 'AccessGuardrails' && x.spec.auditor).map((x) => ({
    apiVersion: 'v1', kind: 'Secret', metadata: { name: x.spec.auditor.externalIdSecretRef.name, namespace: x.metadata!.namespace },
    data: { [x.spec.auditor.externalIdSecretRef.key]: Buffer.from('0123456789abcdef'.repeat(4)).toString('base64') },
  }))];
  return [...xrs.flatMap((x) => Object.values(previewClaim(x, xrs).resources)), ...settled.filter((x) => x.kind !== 'Secret').flatMap((x) => Object.values(reconciled(x, settled)))];
}

const COMPOSED = new Map(SETS.map(([name, xrs]) => [name, composedIn(xrs)]));
const ALL = [...COMPOSED.values()].flat();

interface Statement { Sid?: string; Effect: string; Action?: string | string[]; NotAction?: string | string[]; Resource?: string | string[]; NotResource?: string | string[]; Principal?: unknown }
interface FoundPolicy { readonly kind: string; readonly name: string; readonly field: string; readonly statements: Statement[] }

/** Every policy document in a composed resource's forProvider (any JSON string field holding a Statement). */
export function policiesOf(r: KubeObject): FoundPolicy[] {
  const out: FoundPolicy[] = [];
  for (const [field, v] of Object.entries(r.spec?.forProvider ?? {})) {
    if (typeof v !== 'string' || !v.includes('"Statement"')) continue;
    const doc = JSON.parse(v) as { Statement: Statement | Statement[] };
    out.push({ kind: r.kind, name: r.metadata?.labels?.['platform.secure-baseline.io/component'] ?? r.kind, field, statements: [doc.Statement].flat() });
  }
  return out;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());

/** The unlisted wildcards of a policy's Allow statements, and the exceptions used. */
function wildcardsOf(p: FoundPolicy, used: Set<number>): string[] {
  const problems: string[] = [];
  for (const s of p.statements.filter((x) => x.Effect === 'Allow')) {
    const wildcards = [
      ...list(s.Action).filter((a) => !isExplicitAction(a)).map((a) => `Action ${a}`),
      ...(s.NotAction ? ['NotAction'] : []),
      ...(s.NotResource ? ['NotResource'] : []),
      ...list(s.Resource).filter((r) => !isExplicitResource(r)).map((r) => `Resource ${r}`),
    ];
    // A trust policy names principals, not resources; every other Allow must name resources.
    if (p.field !== 'assumeRolePolicy' && s.Resource === undefined && s.NotResource === undefined) problems.push(`${p.kind} ${p.name} ${p.field} ${s.Sid}: no Resource`);
    if (list(s.Action).length === 0 && !s.NotAction) problems.push(`${p.kind} ${p.name} ${p.field} ${s.Sid}: no Action`);
    for (const w of wildcards) {
      const e = listedException(p.kind, s.Sid, w);
      if (e) used.add(WILDCARD_EXCEPTIONS.indexOf(e));
      else problems.push(`${p.kind} ${p.name} ${p.field} ${s.Sid}: ${w}`);
    }
  }
  return problems;
}

describe('IAM policies: explicit actions on explicit resources', () => {
  const used = new Set<number>();
  it.each(SETS.map(([n]) => n))('%s: every Allow statement names explicit actions and resources, or its wildcard is a listed exception', (name) => {
    const policies = COMPOSED.get(name)!.flatMap(policiesOf);
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.flatMap((p) => wildcardsOf(p, used))).toEqual([]);
  });

  it.each(SETS.map(([n]) => n))('%s: every action of every statement (Allow and Deny) is one IAM accepts: a service prefix without wildcards', (name) => {
    // IAM refuses `*:Delete*` (MalformedPolicyDocument: action vendors must not contain wildcards).
    const valid = /^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/;
    const bad = COMPOSED.get(name)!.flatMap(policiesOf).flatMap((p) => p.statements.flatMap((s) => [...list(s.Action), ...list(s.NotAction)].filter((a) => !valid.test(a)).map((a) => `${p.kind} ${p.name} ${p.field} ${s.Sid}: ${a}`)));
    expect(bad).toEqual([]);
  });

  it('every listed exception is needed by something composed (none is dead weight)', () => {
    for (const p of ALL.flatMap(policiesOf)) wildcardsOf(p, used);
    expect(WILDCARD_EXCEPTIONS.filter((_e, i) => !used.has(i)).map((e) => `${e.kind} ${e.sid ?? '*'}`)).toEqual([]);
  });

  it('the check can fail: a wildcard action, a wildcard resource and a missing resource are reported', () => {
    const policy: FoundPolicy = { kind: 'RolePolicy', name: 'x', field: 'policy', statements: [
      { Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' },
      { Sid: 'B', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Sid: 'C', Effect: 'Allow', Action: 's3:GetObject' },
      { Sid: 'D', Effect: 'Deny', Action: '*', Resource: '*' },
    ] };
    expect(wildcardsOf(policy, new Set())).toEqual(['RolePolicy x policy A: Action s3:*', 'RolePolicy x policy B: Resource *', 'RolePolicy x policy C: no Resource']);
    expect(isExplicitResource('arn:aws:s3:::bucket/*')).toBe(true);
    expect(isExplicitResource('arn:aws:s3:::*')).toBe(false);
    expect(isExplicitResource('arn:aws:logs:us-east-1:111111111111:log-group:*')).toBe(false);
    expect(isExplicitResource('arn:aws:logs:us-east-1:111111111111:log-group:/a/b:log-stream:*')).toBe(true);
  });
});

describe('AWS-managed policies', () => {
  const attached = [...new Set(ALL.filter((r) => r.kind === 'RolePolicyAttachment').map((r) => r.spec.forProvider.policyArn as string))];
  it('only the listed ones are attached, and each listed one is attached somewhere', () => {
    expect(attached.filter((a) => !(a in MANAGED_POLICY_EXCEPTIONS))).toEqual([]);
    expect(Object.keys(MANAGED_POLICY_EXCEPTIONS).filter((a) => !attached.includes(a))).toEqual([]);
  });
});

describe('KMS key fields', () => {
  const references = ALL.flatMap((r) => keyReferences(r).map((ref) => ({ r, ...ref })));
  it('exist', () => expect(references.length).toBeGreaterThan(100));
  it('name the key ARN itself (provider-aws resolves several key selectors to the key ID, which AWS answers with the ARN)', () => {
    const where = (x: (typeof references)[number]) => `${x.r.metadata?.labels?.['platform.secure-baseline.io/kind']}/${x.r.metadata?.labels?.['platform.secure-baseline.io/component']} ${x.field}`;
    expect(references.filter((x) => /(Selector|Refs?)$/.test(x.field)).map(where)).toEqual([]);
    // SSM parameters name their key by alias (an SSM SecureString accepts and reports it as given).
    expect(references.filter((x) => x.r.kind !== 'Parameter' && !/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//.test(String(x.value))).map(where)).toEqual([]);
  });
});

describe('CloudWatch log groups', () => {
  const groups = ALL.filter((r) => r.kind === 'Group' && r.apiVersion.startsWith('cloudwatchlogs.'));
  it('exist', () => expect(groups.length).toBeGreaterThan(0));
  it('are every one encrypted with a customer-managed key and expire', () => {
    const bad = groups.filter((g) => !/^arn:aws:kms:/.test(g.spec.forProvider.kmsKeyId ?? '') || !(g.spec.forProvider.retentionInDays > 0));
    expect(bad.map((g) => `${g.metadata?.labels?.['platform.secure-baseline.io/name']}/${g.metadata?.labels?.['platform.secure-baseline.io/component']}`)).toEqual([]);
  });
});

describe('Lambda functions', () => {
  const functions = ALL.filter((r) => r.kind === 'Function' && r.apiVersion.startsWith('lambda.'));
  it('exist', () => expect(functions.length).toBeGreaterThan(0));
  it('every one runs in a VPC (subnets and security group), encrypts its environment with a customer-managed key, and is traced', () => {
    const bad = functions.filter((f) => {
      const fp = f.spec.forProvider;
      const inVpc = !!fp.vpcConfig?.subnetIdSelector && !!fp.vpcConfig?.securityGroupIdSelector;
      const encrypted = !fp.environment || !!fp.kmsKeyArn || !!fp.kmsKeyArnSelector;
      return !inVpc || !encrypted || fp.tracingConfig?.mode !== 'Active';
    });
    expect(bad.map((f) => f.metadata?.labels?.['platform.secure-baseline.io/name'])).toEqual([]);
  });
});

describe('CIS AWS Foundations v3.0 §4 metric filters', () => {
  const reference = readCisReference();
  // Every ComplianceMonitoring in its home region (where the trail and its log group are), once reconciled.
  const monitors = SETS.flatMap(([set, xrs]) => {
    const settled = settledXrs(xrs);
    return settled.filter((x) => x.kind === 'ComplianceMonitoring' && x.spec.homeRegion !== false).map((x) => [`${set}/${x.metadata!.name}`, Object.values(reconciled(x, settled))] as const);
  });
  it('the reference has the 15 controls, and some environment or example monitors compliance', () => {
    expect(reference.map((c) => c.control)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    expect(monitors.length).toBeGreaterThan(0);
  });
  it.each(monitors)('%s: every control has its filter with the exact pattern on the trail\'s log group, and an alarm on its metric notifying the encrypted SNS topic', (_name, composed) => {
    const filters = composed.filter((r) => r.kind === 'MetricFilter');
    const alarms = composed.filter((r) => r.kind === 'MetricAlarm');
    const topics = composed.filter((r) => r.kind === 'Topic');
    expect(topics).toHaveLength(1);
    expect(topics[0].spec.forProvider.kmsMasterKeyId).toMatch(/^arn:aws:kms:/);
    expect(filters).toHaveLength(reference.length);
    for (const c of reference) {
      const filter = filters.find((f) => f.spec.forProvider.pattern === c.pattern);
      expect([c.control, filter?.spec.forProvider.logGroupNameSelector?.matchLabels?.['platform.secure-baseline.io/component']]).toEqual([c.control, 'trail-log-group']);
      const metric = filter!.spec.forProvider.metricTransformation;
      const alarm = alarms.find((a) => a.spec.forProvider.metricName === metric.name && a.spec.forProvider.namespace === metric.namespace);
      expect([c.control, alarm?.spec.forProvider.alarmActions]).toEqual([c.control, [expect.stringMatching(new RegExp(`^arn:aws:sns:[a-z0-9-]+:\\d{12}:${topics[0].metadata?.annotations?.["crossplane.io/external-name"]}$`))]]);
    }
  });
});
