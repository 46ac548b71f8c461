/**
 * The reports auditors and tools read: every environment, scenario and example passes every applicable rule (at
 * least 50 rules), and a deliberately weakened resource fails with the rule id and the resource/field as evidence,
 * in every format.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/crds';
import { evaluateAll } from '../scripts/compliance';
import { evaluate } from './engine';
import { toJson, toMarkdown, toSarif } from './report';
import { RULES } from './rules';
import { platformResources, weakened } from '../test/support/platform-resources';

const TODAY = new Date('2026-11-23T12:00:00Z');

describe('compliance rules', () => {
  it('at least 50, with unique ids of the SB-<SERVICE>-<n> form, each mapped to at least one framework', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^SB-[A-Z0-9]+-[0-9]+$/);
      const m = r.mappings;
      expect([r.id, [m.cis, m.nist80053, m.pciDss, m.soc2].some((x) => x?.length)]).toEqual([r.id, true]);
    }
  });
});

describe('npm run compliance', () => {
  const envs = evaluateAll(TODAY);

  it('evaluates every environment, scenario and the examples, with 0 failures, and every rule applies somewhere', () => {
    expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(['dev', 'staging', 'prod', 'secure-microservice', 'serverless-audit', 'aurora-postgres-platform', 'financial-services-baseline', 'security-infrastructure', 'examples']));
    expect(envs.flatMap((e) => e.evaluation.failedRuleIds.map((id) => `${e.name} ${id}`))).toEqual([]);
    const applied = new Set(envs.flatMap((e) => e.evaluation.outcomes.filter((o) => o.status !== 'not-applicable').map((o) => o.rule.id)));
    expect(RULES.filter((r) => !applied.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('a weakened resource fails with the rule id and the resource and field as evidence, in Markdown, JSON and SARIF', () => {
    const key = platformResources().find((o) => o.kind === 'Key' && o.metadata?.namespace === 'prod')!;
    const pab = platformResources().find((o) => o.kind === 'BucketPublicAccessBlock' && o.metadata?.namespace === 'prod')!;
    const objects = [weakened(key, 'spec.forProvider.enableKeyRotation', false), weakened(pab, 'spec.forProvider.blockPublicPolicy', false)];
    const weak = [{ name: 'prod-weakened', source: 'test', evaluation: evaluate(objects, RULES, [], TODAY) }];
    expect(weak[0].evaluation.failedRuleIds).toEqual(['SB-KMS-1', 'SB-S3-4']);
    const md = toMarkdown(weak, '2026-11-23');
    expect(md).toMatch(/\| SB-KMS-1 \|.*\| \*\*FAIL\*\* \| Key prod\/encryptionkey\/[a-z-]+\/key · `spec\.forProvider\.enableKeyRotation` = `false`/);
    expect(md).toMatch(/\| SB-S3-4 \|.*\*\*FAIL\*\*.*`spec\.forProvider\.blockPublicPolicy` = `false`/);
    const json = toJson(weak, '2026-11-23') as { totals: { failed: number }; environments: Array<{ rules: Array<{ id: string; status: string; results: Array<{ passed: boolean; field: string; value: unknown }> }> }> };
    expect(json.totals.failed).toBe(2);
    expect(json.environments[0].rules.find((r) => r.id === 'SB-KMS-1')).toMatchObject({ status: 'fail', results: [{ passed: false, field: 'spec.forProvider.enableKeyRotation', value: false }] });
    const sarif = toSarif(weak, RULES, () => 'dist/preview/prod/encryptionkey-app-data.yaml') as { runs: Array<{ tool: { driver: { rules: unknown[] } }; results: Array<{ ruleId: string; level: string; message: { text: string } }> }> };
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(RULES.length);
    expect(sarif.runs[0].results.map((r) => [r.ruleId, r.level])).toEqual([['SB-KMS-1', 'error'], ['SB-S3-4', 'error']]);
    expect(sarif.runs[0].results[0].message.text).toContain('spec.forProvider.enableKeyRotation = false');
  });

  it('a suppression shows in the report with its reason and expiry; once expired, the rule fails again', () => {
    const key = platformResources().find((o) => o.kind === 'Key')!;
    const objects = [weakened(key, 'spec.forProvider.enableKeyRotation', false)];
    const suppression = { ruleId: 'SB-KMS-1', reason: 'key material being migrated', expires: '2026-12-01' };
    const inForce = evaluate(objects, RULES, [suppression], TODAY);
    expect([inForce.failedRuleIds, inForce.suppressedRuleIds]).toEqual([[], ['SB-KMS-1']]);
    expect(toMarkdown([{ name: 'x', source: 'test', evaluation: inForce }], '2026-11-23')).toContain('| SB-KMS-1 | Key');
    const expired = evaluate(objects, RULES, [suppression], new Date('2026-12-01T00:00:00Z'));
    expect(expired.failedRuleIds).toEqual(['SB-KMS-1']);
    expect(toMarkdown([{ name: 'x', source: 'test', evaluation: expired }], '2026-12-01')).toContain('**expired: fails**');
  });

  it('the command prints JSON with stable field names, writes all three reports and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'sb-compliance-'));
    try {
      const stdout = execFileSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['scripts/compliance.ts', '--format', 'json', '--out', out], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const json = JSON.parse(stdout) as { totals: { rules: number; failed: number }; environments: Array<{ name: string; totals: { failed: number } }> };
      expect(json.totals.rules).toBeGreaterThanOrEqual(50);
      expect(json.totals.failed).toBe(0);
      expect(Object.keys(json.environments[0]).sort()).toEqual(['failedRuleIds', 'name', 'rules', 'source', 'suppressedRuleIds', 'totals']);
      expect(JSON.parse(readFileSync(join(out, 'compliance.sarif'), 'utf8')).version).toBe('2.1.0');
      expect(readFileSync(join(out, 'compliance.md'), 'utf8')).toContain('# Compliance report');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
