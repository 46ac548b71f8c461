/**
 * Evaluates the CEL `x-kubernetes-validations` of a structural schema against an object, as the API server does:
 * at each schema node carrying rules, with `self` bound to the value there (only when it is present and not
 * null), typed by the schema: `type: integer` (and int-or-string) numbers are CEL ints, `format: date-time`
 * strings timestamps, `format: byte` strings bytes, property names escaped the Kubernetes way
 * (`namespace` → `__namespace__`, `a-b` → `a__dash__b`). At the root, `self.metadata` holds only name and
 * generateName, as in the API server.
 *
 * Transition rules (those reading `oldSelf`) need the previous object and are skipped, as `crossplane resource
 * validate` skips them. A rule that cannot be compiled or evaluated is reported, never passed.
 *
 * The CEL implementation is @marcbachmann/cel-js (standard library, macros, optionals, heterogeneous numeric
 * comparison; strings: lowerAscii, upperAscii, matches, startsWith, endsWith, contains, split, join, indexOf,
 * lastIndexOf, substring, trim; duration, timestamp). Added here, the Kubernetes libraries: lists (isSorted, sum,
 * min, max, indexOf, lastIndexOf, slice, flatten, distinct, reverse), strings (charAt, replace, reverse), regex
 * (find, findAll), sets (contains, equivalent, intersects), and the global `matches(string, string)`.
 * Not available: url(), quantity(), ip(), cidr(), format(), strings.quote(), base64: a rule using them fails to
 * evaluate and is reported as an issue.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { JsonSchema } from '../schema';
import { re2RegExp } from './regex';
import { walk, withFieldPath } from './walk';

export interface CelIssue {
  readonly path: string;
  readonly message: string;
}

export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

type Fn = (...args: any[]) => unknown;

function celEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a == b; // loose on purpose: 1n == 1
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => celEqual(x, (b as unknown[])[i]));
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && celEqual((a as any)[k], (b as any)[k]));
  }
  return false;
}

function compare(a: any, b: any): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return a < b ? -1 : a > b ? 1 : 0;
}

function extremum(list: unknown[], sign: 1 | -1, name: string): unknown {
  if (list.length === 0) throw new Error(`${name}(): list is empty`);
  return list.reduce((best, x) => (compare(x, best) * sign > 0 ? x : best));
}

class SetsNamespace {}

function environment(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false, enableOptionalTypes: true });
  const fn = (signature: string, handler: Fn) => env.registerFunction(signature, handler as never);
  // Kubernetes list library (k8s.io/apiserver/pkg/cel/library/lists.go) and cel-go's ext.Lists.
  fn('list.isSorted(): bool', (l: unknown[]) => l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0));
  fn('list.sum(): dyn', (l: any[]) => (l.length === 0 ? 0n : l.reduce((a, b) => a + b)));
  fn('list.min(): dyn', (l: unknown[]) => extremum(l, -1, 'min'));
  fn('list.max(): dyn', (l: unknown[]) => extremum(l, 1, 'max'));
  fn('list.indexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => celEqual(x, y))));
  fn('list.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (celEqual(x, l[i])) return BigInt(i);
    return -1n;
  });
  fn('list.slice(int, int): list', (l: unknown[], a: bigint, b: bigint) => {
    if (a < 0n || b < a || b > BigInt(l.length)) throw new Error(`slice(${a}, ${b}): index out of range`);
    return l.slice(Number(a), Number(b));
  });
  fn('list.flatten(): list', (l: unknown[]) => l.flatMap((x) => (Array.isArray(x) ? Array.from(x) : [x])));
  fn('list.distinct(): list', (l: unknown[]) => l.filter((x, i) => l.findIndex((y) => celEqual(x, y)) === i));
  fn('list.reverse(): list', (l: unknown[]) => Array.from(l).reverse());
  // Kubernetes strings library (cel-go ext.Strings, version 2) beyond the built-ins.
  fn('string.charAt(int): string', (s: string, i: bigint) => {
    if (i < 0n || i > BigInt(s.length)) throw new Error(`charAt(${i}): index out of range`);
    return [...s][Number(i)] ?? '';
  });
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    const parts = s.split(a);
    const k = Math.min(Number(n), parts.length - 1);
    return parts.slice(0, k + 1).join(b) + (k + 1 < parts.length ? a + parts.slice(k + 1).join(a) : '');
  });
  fn('string.reverse(): string', (s: string) => [...s].reverse().join(''));
  // Kubernetes regex library.
  fn('string.find(string): string', (s: string, re: string) => re2RegExp(re, 'u').exec(s)?.[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, re: string) => [...s.matchAll(re2RegExp(re, 'gu'))].map((m) => m[0]));
  fn('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => {
    const all = [...s.matchAll(re2RegExp(re, 'gu'))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });
  fn('matches(string, string): bool', (s: string, re: string) => re2RegExp(re, 'u').test(s));
  // cel-go ext.Sets.
  env.registerType('SetsNamespace', SetsNamespace as never);
  env.registerConstant('sets', 'SetsNamespace', new SetsNamespace());
  fn('SetsNamespace.contains(list, list): bool', (_n: unknown, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEqual(x, y))));
  fn('SetsNamespace.equivalent(list, list): bool', (_n: unknown, a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEqual(x, y))) && a.every((x) => b.some((y) => celEqual(x, y))));
  fn('SetsNamespace.intersects(list, list): bool', (_n: unknown, a: unknown[], b: unknown[]) => b.some((x) => a.some((y) => celEqual(x, y))));
  return env;
}

const env = environment();
const compiled = new Map<string, ReturnType<Environment['parse']>>();

/** Parses a CEL expression once (cached); throws on a syntax error. */
export function celProgram(expr: string): ReturnType<Environment['parse']> {
  let p = compiled.get(expr);
  if (!p) {
    p = env.parse(expr);
    compiled.set(expr, p);
  }
  return p;
}

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/**
 * A property name as CEL sees it (k8s.io/apiserver/pkg/cel Escape), or undefined when the name cannot be
 * accessed from CEL at all.
 */
export function celEscape(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** JSON value → CEL value, typed by the schema. */
export function toCel(schema: JsonSchema | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'number') {
    // Kubernetes types integers by the schema; without a schema (preserved unknown fields) a JSON integer is an int.
    const integer = !schema || schema.type === undefined ? Number.isInteger(v) : schema.type === 'integer' || !!schema['x-kubernetes-int-or-string'];
    return integer && Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string') {
    if (schema?.type === 'string' && schema.format === 'date-time') {
      const t = new Date(v);
      return Number.isNaN(t.getTime()) ? v : t;
    }
    if (schema?.type === 'string' && schema.format === 'byte') return new Uint8Array(Buffer.from(v, 'base64'));
    return v;
  }
  // Array.from / Object.fromEntries, not map / spread: the copies must be arrays and objects of this module's
  // realm (under jest's VM, objects from the test's realm are not recognised as lists/maps by the CEL library).
  if (Array.isArray(v)) return Array.from(v, (x) => toCel(schema?.items as JsonSchema | undefined, x));
  if (typeof v === 'object') {
    const props = schema?.properties;
    const values = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
    const entries: Array<[string, unknown]> = [];
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (props?.[k]) {
        const name = celEscape(k);
        if (name !== undefined) entries.push([name, toCel(props[k], x)]);
      } else {
        entries.push([props ? (celEscape(k) ?? k) : k, toCel(values, x)]);
      }
    }
    return Object.fromEntries(entries);
  }
  return v;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Whether a rule is a transition rule (reads oldSelf): those are skipped, there being no old object. */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

function evaluateRules(schema: JsonSchema, value: unknown, path: string, root: boolean, issues: CelIssue[]): void {
  const rules = schema['x-kubernetes-validations'] as CelRule[] | undefined;
  if (!rules?.length) return;
  let self = toCel(schema, value) as Record<string, unknown>;
  if (root && self && typeof self === 'object' && self.metadata && typeof self.metadata === 'object') {
    const { name, generateName } = self.metadata as Record<string, unknown>;
    self = { ...self, metadata: Object.fromEntries(Object.entries({ name, generateName }).filter(([, x]) => x !== undefined)) };
  }
  for (const r of rules) {
    if (isTransitionRule(r.rule)) continue;
    const at = r.fieldPath ? withFieldPath(path, r.fieldPath) : path;
    let ok: unknown;
    try {
      ok = celProgram(r.rule)({ self });
    } catch (e) {
      issues.push({ path: at || '<root>', message: `rule ${JSON.stringify(r.rule)} could not be evaluated: ${firstLine(e)}` });
      continue;
    }
    if (typeof ok !== 'boolean') {
      issues.push({ path: at || '<root>', message: `rule ${JSON.stringify(r.rule)} returned ${typeof ok}, not a bool` });
      continue;
    }
    if (ok) continue;
    let message = r.message ?? `failed rule: ${r.rule}`;
    if (r.messageExpression) {
      try {
        const m = celProgram(r.messageExpression)({ self });
        // As the API server: an empty or non-string result falls back to message (or the rule).
        if (typeof m === 'string' && m.trim() !== '') message = m;
      } catch {
        // As the API server: a failing messageExpression falls back to message (or the rule).
      }
    }
    issues.push({ path: at || '<root>', message });
  }
}

/**
 * Every CEL rule of `schema` (and of the schemas of everything below it: properties, items, map values) that
 * fails for `value`. `path` is the path of `value` itself ('' for an object's root).
 */
export function celIssues(schema: JsonSchema, value: unknown, path = '', options: { readonly root?: boolean } = {}): CelIssue[] {
  const issues: CelIssue[] = [];
  walk(schema, value, path, (s, v, p) => evaluateRules(s, v, p, !!options.root && v === value, issues));
  return issues;
}

/** Every rule (and messageExpression) in a schema that does not parse, with where it is: for checking CRDs/XRDs. */
export function celSyntaxIssues(schema: JsonSchema, path = ''): CelIssue[] {
  const issues: CelIssue[] = [];
  const visit = (s: JsonSchema, p: string) => {
    for (const r of (s['x-kubernetes-validations'] as CelRule[] | undefined) ?? []) {
      for (const expr of [r.rule, r.messageExpression]) {
        if (expr === undefined) continue;
        try {
          celProgram(expr);
        } catch (e) {
          issues.push({ path: p || '<root>', message: `${JSON.stringify(expr)}: ${firstLine(e)}` });
        }
      }
    }
    for (const [k, x] of Object.entries(s.properties ?? {})) visit(x, p ? `${p}.${k}` : k);
    if (s.items && typeof s.items === 'object') visit(s.items as JsonSchema, `${p}[*]`);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') visit(s.additionalProperties as JsonSchema, `${p}[*]`);
  };
  visit(schema, path);
  return issues;
}
