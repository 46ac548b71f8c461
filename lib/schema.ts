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

declare const VALUE: unique symbol;
declare const DEFAULTED: unique symbol;
declare const INPUT: unique symbol;
/**
 * A schema node that also carries, in its static type only, the TypeScript type of the values it admits (`T`) and
 * whether it has a default (`D`). At run time it is the plain schema. The builders below infer both from their
 * arguments, so an API's parameters type is derived from its one schema (`Infer<typeof SPEC>`): a field renamed,
 * retyped or made optional in the schema changes the type, and every composer reading it stops compiling.
 */
export type Schema<T = unknown, D extends boolean = boolean, I = T> = JsonSchema & { readonly [VALUE]?: { readonly t: T }; readonly [DEFAULTED]?: { readonly d: D }; readonly [INPUT]?: { readonly i: I } };

/** The TypeScript type of the values `S` admits once defaulted (`unknown` for a schema not made by the builders). */
export type Infer<S> = S extends { readonly [VALUE]?: { readonly t: infer T } } ? T : unknown;
/**
 * What a user may write for `S` (a claim): as `Infer<S>`, but a field with a default may be left out at any depth,
 * since the API server fills it in before the composer reads it.
 */
export type InferInput<S> = S extends { readonly [INPUT]?: { readonly i: infer I } } ? I : unknown;

type HasDefault<S> = S extends { readonly [DEFAULTED]?: { readonly d: true } } ? true : false;
type Defaulted<O> = O extends { readonly default: infer V } ? (V extends undefined ? false : true) : false;
type Simplify<T> = { [K in keyof T]: T[K] };
/** Keys always present once the API server has defaulted the object: the required ones and those with a default. */
type PresentKeys<P, R> = { [K in keyof P]-?: K extends R ? K : HasDefault<P[K]> extends true ? K : never }[keyof P];
/** The object type of properties `P` of which `R` are required: absent-able properties are optional. */
export type ObjectOf<P, R = never> = Simplify<
  { readonly [K in PresentKeys<P, R>]: Infer<P[K]> } & { readonly [K in Exclude<keyof P, PresentKeys<P, R>>]?: Infer<P[K]> }
>;
/** What a user may write for properties `P`: only the required ones must be given. */
export type ObjectInputOf<P, R = never> = Simplify<
  { readonly [K in Extract<keyof P, R>]: InferInput<P[K]> } & { readonly [K in Exclude<keyof P, R>]?: InferInput<P[K]> }
>;
type RequiredOf<O> = O extends { readonly required: readonly (infer R)[] } ? R : never;

function withCommon(schema: JsonSchema, description: string, o: Common): JsonSchema {
  const out: JsonSchema = { description, ...schema };
  if (o.default !== undefined) out.default = o.default;
  if (o.rules?.length) out['x-kubernetes-validations'] = o.rules.map((r) => ({ ...r }));
  return out;
}

/** The options of a builder called without any. */
type NoOptions = Record<never, never>;
type StrOptions = Common & { pattern?: string; enum?: readonly string[]; minLength?: number; maxLength?: number; format?: string };
/** A string; with `enum`, its type is the union of the values. */
export function str<const O extends StrOptions = NoOptions>(description: string, o?: O): Schema<O extends { readonly enum: readonly (infer E extends string)[] } ? E : string, Defaulted<O>> {
  const { default: _d, rules: _r, ...rest } = o ?? {};
  return withCommon({ type: 'string', ...rest, ...(o?.enum ? { enum: [...o.enum] } : {}) }, description, o ?? {});
}

export function int<const O extends Common & { minimum?: number; maximum?: number } = NoOptions>(description: string, o?: O): Schema<number, Defaulted<O>> {
  const { default: _d, rules: _r, ...rest } = o ?? {};
  return withCommon({ type: 'integer', format: 'int32', ...rest }, description, o ?? {});
}

export function bool<const O extends Common = NoOptions>(description: string, o?: O): Schema<boolean, Defaulted<O>> {
  return withCommon({ type: 'boolean' }, description, o ?? {});
}

/** An object of `properties`; those in `required` or with a default are always present, the others optional. */
export function obj<const P extends Record<string, Schema>, const O extends Common & { required?: readonly (keyof P & string)[] } = NoOptions>(
  description: string, properties: P, o?: O,
): Schema<ObjectOf<P, RequiredOf<O>>, Defaulted<O>, ObjectInputOf<P, RequiredOf<O>>> {
  const s: JsonSchema = { type: 'object', properties };
  if (o?.required?.length) s.required = [...o.required];
  return withCommon(s, description, o ?? {});
}

export function arr<const I extends Schema, const O extends Common & { minItems?: number; maxItems?: number; listType?: 'atomic' | 'set' | 'map'; listMapKeys?: readonly string[] } = NoOptions>(
  description: string, items: I, o?: O,
): Schema<readonly Infer<I>[], Defaulted<O>, readonly InferInput<I>[]> {
  const s: JsonSchema = { type: 'array', items };
  if (o?.minItems !== undefined) s.minItems = o.minItems;
  if (o?.maxItems !== undefined) s.maxItems = o.maxItems;
  if (o?.listType) s['x-kubernetes-list-type'] = o.listType;
  // A map list is merged by its keys (server-side apply); the keys must be required fields of the items.
  if (o?.listMapKeys) s['x-kubernetes-list-map-keys'] = [...o.listMapKeys];
  return withCommon(s, description, o ?? {});
}

export function map<const V extends Schema, const O extends Common & { maxProperties?: number } = NoOptions>(description: string, values: V, o?: O): Schema<Readonly<Record<string, Infer<V>>>, Defaulted<O>, Readonly<Record<string, InferInput<V>>>> {
  const s: JsonSchema = { type: 'object', additionalProperties: values };
  if (o?.maxProperties !== undefined) s.maxProperties = o.maxProperties;
  return withCommon(s, description, o ?? {});
}
