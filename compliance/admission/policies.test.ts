import { describe, expect, it } from '@jest/globals';
import { PLATFORM_SYNC_WAVES, SYNC_WAVE } from '../../charts/argocd';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../lib/composer';
import { PROJECT_ROOT } from '../../lib/crds';
import { LABEL_PREFIX } from '../../lib/platform';
import type { JsonSchema } from '../../lib/schema';
import { celProgram, KubeValidator } from '../../lib/validation';
import { RULES } from '../rules';
import { platformResources, weakened } from '../../test/support/platform-resources';
import { asApplied, DENIED, INGRESS, KEY, label, resolved, SSE, w } from '../../test/support/admission-fixtures';
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { admit, type AdmissionRequest } from './evaluate';
import { admissionObjects, MATCH_CONDITIONS, policyName, validatingAdmissionPolicy, validatingAdmissionPolicyBinding } from './objects';
import { ADMISSION_POLICIES, type AdmissionPolicy } from './policies';

const validator = KubeValidator.fromPinnedCrds();
const byName = new Map(ADMISSION_POLICIES.map((p) => [p.name, p]));
const policy = (name: string): AdmissionPolicy => {
  const p = byName.get(name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
};
const kindOf = (o: KubeObject) => `${o.apiVersion.split('/')[0]}/${o.kind}`;
const policyKind = (p: AdmissionPolicy) => `${p.group}/${p.kind}`;

function schemaOf(p: AdmissionPolicy): JsonSchema {
  const crd = validator.crd(p.group, p.kind);
  const v = crd?.spec.versions.find((x) => x.name === p.version);
  if (!v?.schema) throw new Error(`no pinned CRD schema for ${policyKind(p)} ${p.version}`);
  return v.schema.openAPIV3Schema as JsonSchema;
}

function requestFor(p: AdmissionPolicy, object: KubeObject, operation: AdmissionRequest['operation'] = 'CREATE', typed = false): AdmissionRequest {
  return { operation, resource: p.resource, object: object as Record<string, any>, ...(typed ? { schema: schemaOf(p) } : {}) };
}

// Evaluated as emitted: the JSON of each policy object, as synth writes it.
const VAPS = new Map(ADMISSION_POLICIES.map((p) => [p.name, validatingAdmissionPolicy(p).toJSON() as IValidatingAdmissionPolicy]));
const evaluate = (p: AdmissionPolicy, object: KubeObject, operation: AdmissionRequest['operation'] = 'CREATE', typed = false) => admit(VAPS.get(p.name)!, requestFor(p, object, operation, typed));

describe('the policy table', () => {
  it('has unique names and one policy per rule id', () => {
    expect(new Set(ADMISSION_POLICIES.map((p) => p.name)).size).toBe(ADMISSION_POLICIES.length);
    expect(new Set(ADMISSION_POLICIES.map((p) => p.ruleId)).size).toBe(ADMISSION_POLICIES.length);
  });

  it.each(ADMISSION_POLICIES.map((p) => [p.name, p] as const))('%s names a pinned, served, namespaced CRD by its plural', (_n, p) => {
    const crd = validator.crd(p.group, p.kind);
    expect(crd?.spec.names.plural).toBe(p.resource);
    expect(crd?.spec.scope).toBe('Namespaced');
    expect(crd?.spec.versions.find((v) => v.name === p.version)?.served).toBe(true);
  });

  it('each rule id not marked proposed names an existing rule that reads the policy\'s kind', () => {
    for (const p of ADMISSION_POLICIES.filter((x) => !x.proposed)) {
      const rule = RULES.find((r) => r.id === p.ruleId);
      expect([p.name, rule?.id]).toEqual([p.name, p.ruleId]);
      expect([p.name, rule?.reads.includes(policyKind(p))]).toEqual([p.name, true]);
    }
  });

  it('every expression parses and every message is one line', () => {
    for (const p of ADMISSION_POLICIES) {
      for (const e of [...MATCH_CONDITIONS.map((c) => c.expression), ...(p.variables ?? []).map((v) => v.expression), ...p.validations.map((v) => v.expression)]) {
        expect(() => celProgram(e)).not.toThrow();
      }
      for (const v of p.validations) expect(v.message).not.toMatch(/[\r\n]/);
    }
  });
});

describe('the emitted objects', () => {
  const objects = admissionObjects();

  it('are a policy and a Deny binding per table entry, failing closed, on CREATE and UPDATE only', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(ADMISSION_POLICIES.flatMap((p) => [`ValidatingAdmissionPolicy/${policyName(p)}`, `ValidatingAdmissionPolicyBinding/${policyName(p)}`]));
    for (const p of ADMISSION_POLICIES) {
      const vap = validatingAdmissionPolicy(p);
      const binding = validatingAdmissionPolicyBinding(p);
      expect(vap.spec?.failurePolicy).toBe('Fail');
      expect(vap.spec?.matchConstraints?.resourceRules).toEqual([{ apiGroups: [p.group], apiVersions: [p.version], resources: [p.resource], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }]);
      expect(binding.spec).toEqual({ policyName: vap.metadata?.name, validationActions: ['Deny'] });
    }
  });

  it('validate with kubernetes-models', () => {
    for (const o of objects) expect(() => o.validate()).not.toThrow();
  });

  it('validate with the project validator (schema, unknown fields, names)', () => {
    expect(validator.validateAll(objects.map((o) => o.toJSON() as object))).toEqual([]);
  });
});

describe('every policy admits everything the platform composes', () => {
  const all = platformResources();

  it.each(ADMISSION_POLICIES.map((p) => [p.name, p] as const))('%s', (_n, p) => {
    const targets = all.filter((o) => kindOf(o) === policyKind(p));
    expect(targets.length).toBeGreaterThan(0);
    const refused: unknown[] = [];
    for (const o of targets) {
      const applied = asApplied(o);
      const variants: Array<[string, KubeObject, AdmissionRequest['operation'], boolean]> = [
        ['create', applied, 'CREATE', false],
        ['update', applied, 'UPDATE', false],
        ['create, typed by the CRD schema', applied, 'CREATE', true],
      ];
      const after = resolved(o);
      if (after) variants.push(['update after reference resolution', after, 'UPDATE', false], ['update after reference resolution, typed', after, 'UPDATE', true]);
      for (const [what, obj, op, typed] of variants) {
        const v = evaluate(p, obj, op, typed);
        if (!v.matched || !v.allowed) refused.push({ what, component: `${label(o, 'kind')}/${label(o, 'name')}/${label(o, 'component')}`, ...v });
      }
    }
    expect(refused).toEqual([]);
  });
});

describe('every policy refuses its denied fixtures with its message', () => {
  it.each(DENIED.map(([p, what, f, i]) => [`${p}: ${what}`, p, f, i] as const))('%s', (_t, name, fixture, index) => {
    const p = policy(name);
    const expected = { matched: true, allowed: false, messages: [p.validations[index].message], errors: [] };
    for (const op of ['CREATE', 'UPDATE'] as const) {
      for (const typed of [false, true]) expect([op, typed, evaluate(p, fixture(), op, typed)]).toEqual([op, typed, expected]);
    }
  });

  it('every policy and every validation has a denied fixture', () => {
    const covered = new Set(DENIED.map(([p, , , i]) => `${p}#${i}`));
    expect(ADMISSION_POLICIES.flatMap((p) => p.validations.map((_, i) => `${p.name}#${i}`)).filter((k) => !covered.has(k))).toEqual([]);
  });

  // Policies that only forbid values (none required) admit an object that sets none.
  const FORBID_ONLY = new Set(['ec2-ingress-not-open', 'kms-key-lockout-check', 's3-no-force-destroy']);
  it.each(ADMISSION_POLICIES.map((p) => [p.name, p] as const))('%s judges an object without spec.forProvider without an evaluation error', (_n, p) => {
    const bare = { apiVersion: `${p.group}/${p.version}`, kind: p.kind, metadata: { name: 'bare', namespace: 'team-a' }, spec: {} };
    for (const typed of [false, true]) {
      const v = evaluate(p, bare, 'CREATE', typed);
      expect([v.matched, v.allowed, v.errors]).toEqual([true, FORBID_ONLY.has(p.name), []]);
      expect(v.messages.length > 0).toBe(!FORBID_ONLY.has(p.name));
      for (const m of v.messages) expect(p.validations.map((x) => x.message)).toContain(m);
    }
  });
});

describe('what the policies leave alone', () => {
  const openIngress = w(INGRESS, 'spec.forProvider.cidrIpv4', '0.0.0.0/0');
  const p = policy('ec2-ingress-not-open');

  it.each([
    ['Observe only (imports an existing resource, never writes it)', ['Observe']],
    ['Observe and LateInitialize', ['Observe', 'LateInitialize']],
    ['Observe and Delete', ['Observe', 'Delete']],
  ])('admits a managed resource with management policies %s', (_t, policies) => {
    const o = weakened(openIngress(), 'spec.managementPolicies', policies);
    expect(evaluate(p, o)).toEqual({ matched: false, allowed: true, messages: [], errors: [] });
  });

  it.each([
    ['*', ['*']],
    ['Create', ['Observe', 'Create']],
    ['Update', ['Observe', 'Update', 'LateInitialize']],
    ['absent (the CRD default is *)', undefined],
  ])('checks a managed resource whose management policies write to AWS: %s', (_t, policies) => {
    const o = weakened(openIngress(), 'spec.managementPolicies', policies);
    expect(evaluate(p, o).allowed).toBe(false);
  });

  it('checks the UPDATE that turns an Observe-only resource into a managed one', () => {
    const observed = weakened(openIngress(), 'spec.managementPolicies', ['Observe']);
    const v = admit(VAPS.get(p.name)!, { operation: 'UPDATE', resource: p.resource, object: openIngress() as Record<string, any>, oldObject: observed as Record<string, any> });
    expect(v.allowed).toBe(false);
  });

  it('admits an object being deleted (its finalizer must come off)', () => {
    expect(evaluate(p, weakened(openIngress(), 'metadata.deletionTimestamp', '2026-01-01T00:00:00Z'), 'UPDATE').matched).toBe(false);
  });

  it('is not consulted for other kinds or operations', () => {
    const key = KEY();
    expect(evaluate(p, key).matched).toBe(false);
    expect(admit(VAPS.get(p.name)!, { operation: 'DELETE' as never, resource: p.resource, object: openIngress() as Record<string, any> }).matched).toBe(false);
  });
});

describe('the access-log bucket exception', () => {
  const p = policy('s3-default-encryption-kms');
  const logSse = platformResources().filter((o) => kindOf(o) === SSE && label(o, 'component') === 'log-bucket-encryption');

  it('exists only for SecureBucket log buckets: every other bucket encryption the platform composes is SSE-KMS', () => {
    const sseS3 = platformResources().filter((o) => kindOf(o) === SSE && (o.spec?.forProvider?.rule ?? []).some((r: any) => r.applyServerSideEncryptionByDefault?.sseAlgorithm !== 'aws:kms'));
    expect(sseS3.length).toBeGreaterThan(0);
    expect([...new Set(sseS3.map((o) => `${label(o, 'kind')}/${label(o, 'component')}`))]).toEqual(['securebucket/log-bucket-encryption']);
  });

  it('admits each composed log bucket encryption as Crossplane applies it and after the provider resolves the bucket', () => {
    expect(logSse.length).toBeGreaterThan(0);
    for (const o of logSse) {
      expect(evaluate(p, asApplied(o)).allowed).toBe(true);
      expect(evaluate(p, resolved(o)!, 'UPDATE').allowed).toBe(true);
      expect(resolved(o)!.spec!.forProvider.bucket).toMatch(/-logs$/);
    }
  });
});

describe('dist/platform/admission-policies.k8s.yaml', () => {
  const file = join(PROJECT_ROOT, 'dist/platform/admission-policies.k8s.yaml');

  it('holds exactly the emitted policies and bindings, labelled as the admission layer', () => {
    expect(existsSync(file)).toBe(true);
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean);
    const expected = admissionObjects().map((o) => {
      const j = o.toJSON() as KubeObject;
      // Argo CD applies the admission layer last of the platform (after the XRDs whose kinds it matches).
      const wave = String(PLATFORM_SYNC_WAVES[`admissionregistration.k8s.io/${j.kind}`]);
      return { ...j, metadata: { ...j.metadata, annotations: { ...j.metadata?.annotations, [SYNC_WAVE]: wave }, labels: { [`${LABEL_PREFIX}/layer`]: 'admission' } } };
    });
    expect(docs).toEqual(expected);
  });
});
