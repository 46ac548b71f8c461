/**
 * `npm run compliance [-- --format md|json|sarif] [--out DIR]`: evaluates every compliance rule on every
 * environment, requirement scenario and the API examples, writes compliance.md, compliance.json and
 * compliance.sarif to DIR (default reports/compliance), prints the chosen format, and exits non-zero on any
 * failure (an expired suppression is a failure).
 *
 * What is evaluated, per environment: the synthesized preview (dist/preview/<env>/, what is created first) and the
 * steady state the same composers reach once every dependency has reported its ARNs and ids (some resources, such
 * as a Lambda function that waits for its key, exist only then). Suppressions come from the environment's claim.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, type Suppression } from '../compliance/engine';
import { toJson, toMarkdown, toSarif, type EnvironmentEvaluation } from '../compliance/report';
import { refOf } from '../compliance/rule';
import { RULES } from '../compliance/rules';
import { SYNTHESIZED_ENVIRONMENTS } from '../examples';
import { environmentClaims, environmentXrs, exampleXrs } from '../synth/claims';
import type { KubeObject } from '../lib/composer';
import { PROJECT_ROOT } from '../lib/crds';
import { previewClaim } from '../synth/preview';
import { reconciled, settledXrs } from '../synth/steady-state';
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';

const isManaged = (o: KubeObject) => o.apiVersion.includes('.aws.m.upbound.io/');

/** Steady state: every XR composed once all XRs and composed resources have reported (same composers). */
function steadyState(xrs: KubeObject[]): KubeObject[] {
  const settled = settledXrs(xrs);
  return settled.flatMap((x) => Object.values(reconciled(x, settled)).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: x.metadata?.namespace } })));
}

/** The union of what is created first and the steady state, each resource once (its steady-state version). */
function union(first: KubeObject[], steady: KubeObject[]): KubeObject[] {
  const byRef = new Map<string, KubeObject>();
  for (const o of [...first, ...steady].filter(isManaged)) byRef.set(refOf(o), o);
  return [...byRef.values()];
}

function readPreview(dir: string): KubeObject[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJSON() as KubeObject).filter(Boolean));
}

export function evaluateAll(today = new Date()): EnvironmentEvaluation[] {
  const envs = SYNTHESIZED_ENVIRONMENTS.map(({ dir, env }): EnvironmentEvaluation => {
    const previewDir = join(PROJECT_ROOT, 'dist', 'preview', env.name);
    const claim = environmentClaims(env)[0];
    const suppressions: Suppression[] = claim.spec?.compliance?.suppressions ?? [];
    const objects = union(readPreview(previewDir), steadyState(environmentXrs(env)));
    return { name: env.name, source: `dist/${dir}/${env.name}.k8s.yaml, preview dist/preview/${env.name}/ and its steady state (${objects.length} managed resources)`, evaluation: evaluate(objects, RULES, suppressions, today) };
  });
  const xrs = exampleXrs();
  const examples = union(xrs.flatMap((x) => Object.values(previewClaim(x, xrs).resources).map((r) => ({ ...r, metadata: { ...r.metadata, namespace: x.metadata?.namespace } }))), steadyState(xrs));
  envs.push({ name: 'examples', source: `the API examples (dist/examples/), as composed and at steady state (${examples.length} managed resources)`, evaluation: evaluate(examples, RULES, [], today) });
  return envs;
}

/** dist/preview/<env>/<xr kind>-<xr name>.yaml of a resource reference `Kind ns/xrkind/xrname/component`. */
function fileOf(env: string, resource: string): string {
  const [, owner = ''] = resource.split(' ');
  const [, kind, name] = owner.split('/');
  return env === 'examples' ? `dist/examples/${kind}/${name}.yaml` : `dist/preview/${env}/${kind}-${name}.yaml`;
}

function main(): void {
  const { values } = parseArgs({ options: { format: { type: 'string', default: 'md' }, out: { type: 'string', default: 'reports/compliance' } } });
  const format = values.format as string;
  if (!['md', 'json', 'sarif'].includes(format)) throw new Error(`--format must be md, json or sarif (got ${format})`);
  const today = new Date();
  const envs = evaluateAll(today);
  const generatedOn = today.toISOString().slice(0, 10);
  const out = resolve(PROJECT_ROOT, values.out as string);
  mkdirSync(out, { recursive: true });
  const docs = {
    md: toMarkdown(envs, generatedOn),
    json: `${JSON.stringify(toJson(envs, generatedOn), null, 2)}\n`,
    sarif: `${JSON.stringify(toSarif(envs, RULES, fileOf), null, 2)}\n`,
  };
  for (const [ext, text] of Object.entries(docs)) writeFileSync(join(out, `compliance.${ext}`), text);
  if (format === 'md') {
    for (const e of envs) console.log(`${e.name}: ${e.evaluation.totals.evaluated}/${e.evaluation.totals.rules} rules evaluated, ${e.evaluation.totals.passed} passed, ${e.evaluation.totals.failed} failed${e.evaluation.failedRuleIds.length ? ` (${e.evaluation.failedRuleIds.join(', ')})` : ''}, ${e.evaluation.totals.suppressed} suppressed`);
    console.log(`reports: ${join(values.out as string, 'compliance.{md,json,sarif}')}`);
  } else {
    process.stdout.write(docs[format as 'json' | 'sarif']);
  }
  if (envs.some((e) => e.evaluation.totals.failed > 0)) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(PROJECT_ROOT, 'scripts/compliance.ts')) main();
