/**
 * Small builders for the OpenAPI v3 (structural) schemas of our XRDs. They exist so that every field is written
 * with its description (kubectl explain reads them) and its bounds next to each other, and stay plain data:
 * what they return is exactly what lands in the XRD.
 */
export type JsonSchema = Record<string, unknown> & { type?: string; properties?: Record<string, JsonSchema> };

export interface CelRule {
  readonly rule: string;
  readonly message: string;
  /** Path of the offending field relative to the node the rule is on, e.g. `.deletionProtection`. */
  readonly fieldPath?: string;
}

interface Common {
  readonly default?: unknown;
  readonly rules?: readonly CelRule[];
}

function withCommon(schema: JsonSchema, description: string, o: Common): JsonSchema {
  const out: JsonSchema = { description, ...schema };
  if (o.default !== undefined) out.default = o.default;
  if (o.rules?.length) out['x-kubernetes-validations'] = o.rules.map((r) => ({ ...r }));
  return out;
}

export function str(description: string, o: Common & { pattern?: string; enum?: readonly string[]; minLength?: number; maxLength?: number; format?: string } = {}): JsonSchema {
  const { default: _d, rules: _r, ...rest } = o;
  return withCommon({ type: 'string', ...rest, ...(o.enum ? { enum: [...o.enum] } : {}) }, description, o);
}

export function int(description: string, o: Common & { minimum?: number; maximum?: number } = {}): JsonSchema {
  const { default: _d, rules: _r, ...rest } = o;
  return withCommon({ type: 'integer', format: 'int32', ...rest }, description, o);
}

export function bool(description: string, o: Common = {}): JsonSchema {
  return withCommon({ type: 'boolean' }, description, o);
}

export function obj(description: string, properties: Record<string, JsonSchema>, o: Common & { required?: readonly string[] } = {}): JsonSchema {
  const s: JsonSchema = { type: 'object', properties };
  if (o.required?.length) s.required = [...o.required];
  return withCommon(s, description, o);
}

export function arr(description: string, items: JsonSchema, o: Common & { minItems?: number; maxItems?: number; listType?: 'atomic' | 'set' | 'map'; listMapKeys?: readonly string[] } = {}): JsonSchema {
  const s: JsonSchema = { type: 'array', items };
  if (o.minItems !== undefined) s.minItems = o.minItems;
  if (o.maxItems !== undefined) s.maxItems = o.maxItems;
  if (o.listType) s['x-kubernetes-list-type'] = o.listType;
  // A map list is merged by its keys (server-side apply); the keys must be required fields of the items.
  if (o.listMapKeys) s['x-kubernetes-list-map-keys'] = [...o.listMapKeys];
  return withCommon(s, description, o);
}

export function map(description: string, values: JsonSchema, o: Common & { maxProperties?: number } = {}): JsonSchema {
  const s: JsonSchema = { type: 'object', additionalProperties: values };
  if (o.maxProperties !== undefined) s.maxProperties = o.maxProperties;
  return withCommon(s, description, o);
}

/** Reads the `default` of every property of an object schema: the single source for the TS-side defaults. */
export function defaultsOf(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema.properties ?? {})) if (v.default !== undefined) out[k] = v.default;
  return out;
}
