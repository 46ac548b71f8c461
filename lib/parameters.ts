/**
 * Defaulting and validation of an XR's spec against its API's schema, in the function and in synth. The API
 * server does the same (schema defaults, OpenAPI, CEL rules) before the function ever sees an XR; doing it
 * again here, with the same schema, makes the composer's input typed and complete in every caller (a
 * `crossplane composition render` goes through no API server), and turns a bad spec into a message that names the
 * field instead of a crash.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InputError, type PlatformApi } from './composer';
import { celIssues } from './validation/cel';
import { toAjvSchema } from './validation/structural';

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
export function parseSpec<P>(api: PlatformApi<P, any, any>, spec: unknown): P {
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
  const cel = celIssues(api.specSchema, copy, 'spec');
  if (cel.length) throw new InputError(cel[0].path, cel.map((c) => (c === cel[0] ? c.message : `${c.path}: ${c.message}`)).join('; '));
  return copy as P;
}
