/**
 * Defaulting and validation of an XR's spec against its API's schema, in the function and in synth. The API
 * server does the same before the function ever sees an XR; doing it again here makes the composer's input
 * typed and complete in every caller (crank render does not validate), and turns a bad spec into a message
 * that names the field instead of a crash.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InputError, type PlatformApi } from './composer';
import type { JsonSchema } from './schema';

/** Structural-schema → JSON Schema for ajv: unknown fields rejected, Kubernetes-only keywords dropped. */
export function toAjvSchema(s: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'format') continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([p, ps]) => [p, toAjvSchema(ps)]));
    } else if ((k === 'items' || k === 'additionalProperties') && typeof v === 'object' && v !== null) {
      out[k] = toAjvSchema(v as JsonSchema);
    } else {
      out[k] = v;
    }
  }
  if (s.type === 'object' && s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
const compiled = new WeakMap<PlatformApi, ValidateFunction>();

function fieldOf(e: ErrorObject): string {
  const path = `spec${e.instancePath.replace(/\/([^/]+)/g, (_m, seg: string) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))}`;
  if (e.keyword === 'required') return `${path}.${(e.params as { missingProperty: string }).missingProperty}`;
  if (e.keyword === 'additionalProperties') return `${path}.${(e.params as { additionalProperty: string }).additionalProperty}`;
  return path;
}

function messageOf(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not a field of this API';
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return e.message ?? 'is invalid';
}

/**
 * Returns a defaulted deep copy of `spec`, or throws InputError naming the first offending field (all problems
 * are listed in the message).
 */
export function parseSpec<P>(api: PlatformApi<P>, spec: unknown): P {
  let validate = compiled.get(api);
  if (!validate) {
    validate = ajv.compile(toAjvSchema(api.specSchema));
    compiled.set(api, validate);
  }
  if (spec === undefined || spec === null || typeof spec !== 'object') throw new InputError('spec', 'is required');
  const copy = structuredClone(spec);
  if (!validate(copy)) {
    const errors = validate.errors ?? [];
    const first = errors[0];
    const all = errors.map((e) => `${fieldOf(e)} ${messageOf(e)}`);
    throw new InputError(first ? fieldOf(first) : 'spec', [...new Set(all)].join('; ').replace(/^\S+ /, ''));
  }
  return copy as P;
}
