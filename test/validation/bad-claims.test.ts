/**
 * A corpus of invalid claims. Each must be refused twice, naming the field: at the door (the XRD's OpenAPI schema
 * and CEL rules, as the API server applies them) and by the function (which applies the same schema and rules,
 * so `crossplane composition render` or a stale cache cannot slip one through).
 */
import { describe, expect, it } from '@jest/globals';
import { RunFunctionRequest, Severity } from '@crossplane-org/function-sdk-typescript';
import { join } from 'node:path';
import { runFunction } from '../../functions/src/handler';
import { KubeValidator } from '../../lib/validation';
import { xrObject } from '../support/xr';
import { CORPUS, GOOD_CLAIMS } from './bad-claims';
import { PLATFORM_APIS } from '../../compositions';
import { PROJECT_ROOT, readYamlDocs } from '../helpers';

const validator = new KubeValidator();
for (const xrd of readYamlDocs(join(PROJECT_ROOT, 'dist/platform/platform-apis.k8s.yaml')).filter((o) => o.kind === 'CompositeResourceDefinition')) validator.addXrd(xrd);

describe(`bad-input corpus (${CORPUS.length} claims)`, () => {
  // An API's refusals are part of its contract: each keeps the claims it must refuse beside it (bad-claims.ts).
  it.each(PLATFORM_APIS.map((a) => [a.kind, a.badClaims.length] as const))('%s keeps at least 3 bad claims beside it (has %d)', (_kind, count) => {
    expect(count).toBeGreaterThanOrEqual(3);
  });

  it('no two bad claims of an API say the same thing', () => {
    for (const a of PLATFORM_APIS) expect(new Set(a.badClaims.map((b) => b.what)).size).toBe(a.badClaims.length);
  });

  it.each(CORPUS)('%s: refused by the API (schema/CEL) naming the field', (_what, kind, spec, field, words) => {
    const issues = validator.validate(xrObject(kind, 'orders', spec));
    expect(issues.map((i) => i.path)).toContain(field);
    const issue = issues.find((i) => i.path === field)!;
    expect(issue.message.toLowerCase()).toContain(words.toLowerCase());
  });

  it.each(CORPUS)('%s: refused by the function with a fatal result naming the field', (_what, kind, spec, field) => {
    const rsp = runFunction(RunFunctionRequest.fromPartial({ observed: { composite: { resource: xrObject(kind, 'orders', spec) as never } } }));
    const fatal = rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL);
    expect(fatal?.message.startsWith(`${field}: `) || fatal?.message.includes(`${field} `)).toBe(true);
  });

  it('the corpus starts from claims both gates accept', () => {
    for (const [kind, spec] of GOOD_CLAIMS) {
      expect(validator.validate(xrObject(kind, 'orders', spec))).toEqual([]);
      const rsp = runFunction(RunFunctionRequest.fromPartial({ observed: { composite: { resource: xrObject(kind, 'orders', spec) as never } } }));
      expect(rsp.results.filter((r) => r.severity === Severity.SEVERITY_FATAL)).toEqual([]);
    }
  });
});
