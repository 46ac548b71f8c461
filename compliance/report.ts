/**
 * Compliance reports for auditors and tools: Markdown (per environment: every rule, pass/fail, evidence as
 * resource + field + value), JSON (stable field names) and SARIF 2.1.0 (code-scanning tools). Pure functions of
 * evaluations, so tests check them without files.
 */
import type { Evaluation, JudgedResult } from './engine';
import type { Rule } from './rule';

export interface EnvironmentEvaluation {
  /** Environment, scenario, or `examples`. */
  readonly name: string;
  /** Where its resources come from, for the reader. */
  readonly source: string;
  readonly evaluation: Evaluation;
}

const LEVEL: Record<Rule['severity'], 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

function mappingsOf(rule: Rule): string {
  const m = rule.mappings;
  return [
    m.cis?.length ? `CIS ${m.cis.join(', ')}` : '', m.nist80053?.length ? `NIST ${m.nist80053.join(', ')}` : '',
    m.pciDss?.length ? `PCI DSS ${m.pciDss.join(', ')}` : '', m.soc2?.length ? `SOC 2 ${m.soc2.join(', ')}` : '',
    m.cdkNag?.length ? `cdk-nag ${m.cdkNag.join(', ')}` : '', m.checkov?.length ? `Checkov ${m.checkov.join(', ')}` : '',
    m.awsConfig ? `AWS Config ${m.awsConfig}` : '',
  ].filter(Boolean).join('; ');
}

const cell = (v: unknown) => String(typeof v === 'string' ? v : JSON.stringify(v) ?? 'absent').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const evidence = (r: JudgedResult) => `${r.resource} · \`${r.field}\` = \`${cell(r.value)}\``;

export function toJson(envs: readonly EnvironmentEvaluation[], generatedOn: string): object {
  return {
    generatedOn,
    totals: {
      environments: envs.length,
      rules: envs[0]?.evaluation.totals.rules ?? 0,
      failed: envs.reduce((n, e) => n + e.evaluation.totals.failed, 0),
      suppressed: envs.reduce((n, e) => n + e.evaluation.totals.suppressed, 0),
    },
    environments: envs.map((e) => ({
      name: e.name,
      source: e.source,
      totals: e.evaluation.totals,
      failedRuleIds: e.evaluation.failedRuleIds,
      suppressedRuleIds: e.evaluation.suppressedRuleIds,
      rules: e.evaluation.outcomes.map((o) => ({
        id: o.rule.id, title: o.rule.title, severity: o.rule.severity, status: o.status, mappings: o.rule.mappings,
        results: o.results.map((r) => ({
          resource: r.resource, passed: r.passed, field: r.field, value: r.value ?? null,
          ...(r.message ? { message: r.message } : {}),
          ...(r.suppressedBy ? { suppressedBy: r.suppressedBy } : {}),
          ...(r.expiredSuppression ? { expiredSuppression: r.expiredSuppression } : {}),
        })),
      })),
    })),
  };
}

export function toMarkdown(envs: readonly EnvironmentEvaluation[], generatedOn: string): string {
  const lines = [
    '# Compliance report', '',
    `Generated ${generatedOn} by \`npm run compliance\` from what the platform composes. Each rule maps to CIS AWS Foundations v3.0, NIST 800-53 r5, PCI DSS 4.0, SOC 2, and the equivalent cdk-nag / Checkov / AWS Config checks.`, '',
    '| environment | rules evaluated | passed | failed | suppressed | not applicable |', '| --- | --- | --- | --- | --- | --- |',
    ...envs.map((e) => `| ${e.name} | ${e.evaluation.totals.evaluated} | ${e.evaluation.totals.passed} | ${e.evaluation.totals.failed} | ${e.evaluation.totals.suppressed} | ${e.evaluation.totals.notApplicable} |`),
    '',
  ];
  for (const e of envs) {
    lines.push(`## ${e.name}`, '', `Source: ${e.source}.`, '');
    const suppressed = e.evaluation.outcomes.flatMap((o) => o.results.filter((r) => r.suppressedBy || r.expiredSuppression).map((r) => ({ o, r })));
    if (suppressed.length) {
      lines.push('Suppressions:', '', '| rule | resource | reason | expires | state |', '| --- | --- | --- | --- | --- |');
      for (const { o, r } of suppressed) {
        const s = (r.suppressedBy ?? r.expiredSuppression)!;
        lines.push(`| ${o.rule.id} | ${r.resource} | ${cell(s.reason)} | ${s.expires} | ${r.suppressedBy ? 'in force' : '**expired: fails**'} |`);
      }
      lines.push('');
    }
    lines.push('| rule | control | severity | status | evidence |', '| --- | --- | --- | --- | --- |');
    for (const o of e.evaluation.outcomes) {
      const failing = o.results.filter((r) => !r.passed);
      const shown = failing.length ? failing.map((r) => `${r.suppressedBy ? 'suppressed: ' : ''}${evidence(r)}${r.message ? ` — ${cell(r.message)}` : ''}`) : o.results.slice(0, 3).map(evidence);
      const more = !failing.length && o.results.length > 3 ? ` (and ${o.results.length - 3} more)` : '';
      lines.push(`| ${o.rule.id} | ${cell(o.rule.title)}<br>${cell(mappingsOf(o.rule))} | ${o.rule.severity} | ${o.status === 'fail' ? '**FAIL**' : o.status} | ${shown.join('<br>') || '—'}${more} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** SARIF 2.1.0: one run, every rule as a reportingDescriptor, one result per failing (or suppressed) verdict. */
export function toSarif(envs: readonly EnvironmentEvaluation[], rules: readonly Rule[], fileOf: (env: string, resource: string) => string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'secure-baseline-compliance',
          informationUri: 'https://github.com/secure-baseline/secure-baseline',
          rules: rules.map((r) => ({
            id: r.id, name: r.id, shortDescription: { text: r.title }, fullDescription: { text: r.rationale },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: { tags: mappingsOf(r).split('; ').filter(Boolean), severity: r.severity },
          })),
        },
      },
      results: envs.flatMap((e) => e.evaluation.outcomes.flatMap((o) => o.results.filter((r) => !r.passed).map((r) => ({
        ruleId: o.rule.id,
        level: LEVEL[o.rule.severity],
        message: { text: `${e.name}: ${r.resource}: ${r.field} = ${JSON.stringify(r.value) ?? 'absent'}: ${r.message ?? o.rule.title}` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: fileOf(e.name, r.resource) } },
          logicalLocations: [{ fullyQualifiedName: `${e.name}/${r.resource}`, kind: 'resource' }],
        }],
        ...(r.suppressedBy ? { suppressions: [{ kind: 'inSource', justification: `${r.suppressedBy.reason} (until ${r.suppressedBy.expires})` }] } : {}),
      })))),
    }],
  };
}
