/**
 * Kubernetes structural schemas (CRD / XRD openAPIV3Schema) as JSON Schema for ajv, with the API server's
 * strictness: unknown fields are errors (as with `kubectl apply --validate=strict` / server-side strict field
 * validation), except where the schema preserves unknown fields.
 *
 * Mapping of the Kubernetes extensions:
 * - an object without `additionalProperties` and without `x-kubernetes-preserve-unknown-fields: true` gets
 *   `additionalProperties: false` (an object schema with no properties at all admits no field);
 * - `nullable: true` adds `null` to the type (and to an enum); without it a null is a type error (the API server
 *   would silently drop such a null instead: we report it);
 * - `x-kubernetes-int-or-string` is `type: [integer, string]`;
 * - `x-kubernetes-embedded-resource` admits `apiVersion`, `kind` (both required and non-empty, as the API
 *   server checks) and `metadata` (an object; its ObjectMeta rules are not checked);
 * - `x-kubernetes-list-type: set` is `uniqueItems`; `map` (unique `x-kubernetes-list-map-keys`) is checked by
 *   listIssues below; `x-kubernetes-map-type` has no validation meaning and is ignored;
 * - formats: with `formats: 'kubernetes'` the formats the API server checks (see KUBERNETES_FORMATS) are
 *   enforced on strings and every other format (int32, int64, double, password, ...) is ignored, as the API
 *   server does; the default, `'ignore'`, drops every format (what lib/parameters.ts relies on).
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Ajv } from 'ajv';
import type { JsonSchema } from '../schema';
import { re2RegExp } from './regex';
import { walk } from './walk';

export interface AjvSchemaOptions {
  /** 'ignore' (default): drop every `format`. 'kubernetes': keep the formats the API server validates. */
  readonly formats?: 'ignore' | 'kubernetes';
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const GO_DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const SCALA_DURATION = /^\d+\s*(?:ns|nanos?|nanoseconds?|us|µs|micros?|microseconds?|ms|millis?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|wk|weeks?)$/i;
const HOSTNAME = /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

/**
 * The string formats the API server validates for CRDs (k8s.io/apiextensions-apiserver, go-openapi strfmt),
 * keyed by normalized name (lower case, no '-' or '_': `date-time` and `datetime` are the same format).
 * isbn, isbn10, isbn13, creditcard, ssn and rgbcolor are accepted by the API server too but not checked here.
 */
export const KUBERNETES_FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  datetime: (s) => {
    const m = DATE_TIME.exec(s);
    return !!m && m[4] !== undefined && validDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 61;
  },
  date: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return !!m && validDate(m[1], m[2], m[3]);
  },
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  duration: (s) => GO_DURATION.test(s) || SCALA_DURATION.test(s),
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  cidr: (s) => {
    const [ip, bits, ...rest] = s.split('/');
    if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
    return (isIPv4(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
  },
  mac: (s) => /^(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^(?:[0-9a-f]{2}[:-]){7}[0-9a-f]{2}$|^(?:[0-9a-f]{2}[:-]){19}[0-9a-f]{2}$|^(?:[0-9a-f]{4}\.){2,9}[0-9a-f]{4}$/i.test(s),
  hostname: (s) => HOSTNAME.test(s),
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
  uri: (s) => {
    if (s.startsWith('/')) return true;
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  },
  hexcolor: (s) => /^#?(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(s),
  bsonobjectid: (s) => /^[0-9a-f]{24}$/i.test(s),
};

export function normalizeFormat(format: string): string {
  return format.toLowerCase().replace(/[-_]/g, '');
}

/** Registers KUBERNETES_FORMATS on an ajv instance (names as normalizeFormat returns them). */
export function addKubernetesFormats(ajv: Ajv): void {
  for (const [name, validate] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
}

/** ajv's `code.regExp` option: patterns are RE2 (see regex.ts). */
export const re2Engine = Object.assign((pattern: string, flags: string) => re2RegExp(pattern, flags), { code: 're2RegExp' });

const TYPE_ONLY = (x: unknown) => typeof x === 'object' && x !== null && Object.keys(x).every((k) => k === 'type' || k === 'description');

export function toAjvSchema(s: JsonSchema, options: AjvSchemaOptions = {}): JsonSchema {
  const out: JsonSchema = {};
  const recurse = (x: JsonSchema) => toAjvSchema(x, options);
  for (const [k, v] of Object.entries(s)) {
    // Kubernetes-only keywords and documentation are not part of the ajv schema; formats are handled below.
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'format' || k === 'nullable' || k === 'example' || k === 'externalDocs') continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([p, ps]) => [p, recurse(ps)]));
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && typeof v === 'object' && v !== null) {
      out[k] = recurse(v as JsonSchema);
    } else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((x) => recurse(x as JsonSchema));
    } else {
      out[k] = v;
    }
  }
  if (options.formats === 'kubernetes' && typeof s.format === 'string' && s.type === 'string') {
    const f = normalizeFormat(s.format);
    if (f in KUBERNETES_FORMATS) out.format = f;
  }
  if (s['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'] as never;
    // The conventional `anyOf: [{type: integer}, {type: string}]` only restates the type (and makes ajv report
    // each branch): drop it when that is all it says.
    if (Array.isArray(s.anyOf) && s.anyOf.every(TYPE_ONLY)) delete out.anyOf;
  }
  // A set-typed list rejects duplicate items (the API server's "Duplicate value").
  if (s['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s['x-kubernetes-embedded-resource']) {
    // An embedded object always admits its type and object metadata, and must say what it is.
    out.properties = { apiVersion: { type: 'string', minLength: 1 }, kind: { type: 'string', minLength: 1 }, metadata: { type: 'object' }, ...(out.properties as Record<string, JsonSchema> | undefined) };
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  }
  if (s.type === 'object' && s.additionalProperties === undefined && !preserve) {
    // With no properties and no preserve-unknown-fields, the API server prunes every field: all are unknown.
    out.additionalProperties = false;
    out.properties ??= {};
  }
  if (s.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'] as never;
    else if (Array.isArray(out.type)) out.type = [...(out.type as string[]), 'null'] as never;
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/** `x-kubernetes-list-type: map` lists: no two items may share their `x-kubernetes-list-map-keys`. */
export function listIssues(schema: JsonSchema, value: unknown, path = ''): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(schema, value, path, (s, v, p) => {
    if (s['x-kubernetes-list-type'] !== 'map' || !Array.isArray(v)) return;
    const keys = (s['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
    const itemDefaults = ((s.items as JsonSchema | undefined)?.properties ?? {}) as Record<string, JsonSchema>;
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (item === null || typeof item !== 'object') return;
      const key = Object.fromEntries(keys.map((k) => [k, (item as Record<string, unknown>)[k] ?? itemDefaults[k]?.default ?? null]));
      const id = JSON.stringify(key);
      if (seen.has(id)) issues.push({ path: `${p}[${i}]`, message: `Duplicate value: ${id}` });
      seen.add(id);
    });
  });
  return issues;
}
