/**
 * Evaluates the CEL `x-kubernetes-validations` of a structural schema against an object, as the API server does:
 * at each schema node carrying rules, with `self` bound to the value there, integers typed by the schema.
 * Transition rules (those reading `oldSelf`) need the previous object and are skipped, as `crank beta validate`
 * skips them. A rule that cannot be compiled or evaluated is reported, never passed.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { JsonSchema } from '../schema';

export interface CelIssue {
  readonly path: string;
  readonly message: string;
}

interface Rule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
const compiled = new Map<string, ReturnType<Environment['parse']>>();
function program(expr: string) {
  let p = compiled.get(expr);
  if (!p) {
    p = env.parse(expr);
    compiled.set(expr, p);
  }
  return p;
}

/** JSON value → CEL value: integers of `type: integer` (and int-or-string numbers) become CEL ints. */
function toCel(schema: JsonSchema | undefined, v: unknown): unknown {
  if (v === null || v === undefined || !schema) return v;
  if (typeof v === 'number') {
    return (schema.type === 'integer' || schema['x-kubernetes-int-or-string']) && Number.isInteger(v) ? BigInt(v) : v;
  }
  // Array.from, not map: the copy must be an Array of this module's realm (under jest's VM, objects from
  // structuredClone come from another realm and the CEL library does not recognise their arrays).
  if (Array.isArray(v)) return Array.from(v, (x) => toCel(schema.items as JsonSchema | undefined, x));
  if (typeof v === 'object') {
    const props = schema.properties ?? {};
    const extra = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toCel(props[k] ?? extra, x)]));
  }
  return v;
}

const join = (path: string, seg: string) => (path ? `${path}.${seg}` : seg);

export function celIssues(schema: JsonSchema, value: unknown, path = ''): CelIssue[] {
  if (value === undefined || value === null) return [];
  const issues: CelIssue[] = [];
  const rules = (schema['x-kubernetes-validations'] as Rule[] | undefined) ?? [];
  if (rules.length) {
    const self = toCel(schema, value);
    for (const r of rules) {
      if (/\boldSelf\b/.test(r.rule)) continue;
      const at = r.fieldPath ? `${path}${r.fieldPath}` : path;
      let ok: unknown;
      try {
        ok = program(r.rule)({ self });
      } catch (e) {
        issues.push({ path: at || '<root>', message: `rule ${JSON.stringify(r.rule)} could not be evaluated: ${(e as Error).message.split('\n')[0]}` });
        continue;
      }
      if (ok !== true) {
        let message = r.message ?? `failed rule: ${r.rule}`;
        if (r.messageExpression) {
          try {
            message = String(program(r.messageExpression)({ self }));
          } catch {
            // Kubernetes falls back to message (or the rule) when messageExpression fails.
          }
        }
        issues.push({ path: at || '<root>', message });
      }
    }
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((x, i) => issues.push(...celIssues(schema.items as JsonSchema, x, `${path}[${i}]`)));
  } else if (typeof value === 'object') {
    const props = schema.properties ?? {};
    const extra = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
    for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
      const sub = props[k] ?? extra;
      if (sub) issues.push(...celIssues(sub, x, join(path, k)));
    }
  }
  return issues;
}
