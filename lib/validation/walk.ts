/**
 * Walking a value alongside its structural schema, and Kubernetes-style field paths: `spec.forProvider.region`,
 * `spec.rules[0]`, and `[key]` for the keys of a map (`additionalProperties`), as the API server prints them.
 */
import type { JsonSchema } from '../schema';

/** Appends a property name to a path (`a` + `b` = `a.b`). */
export function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** A relative `fieldPath` of a CEL rule (`.minimum`, `['a.b']`) appended to the rule node's path. */
export function withFieldPath(path: string, fieldPath: string): string {
  const rel = fieldPath.replace(/\['([^']*)'\]/g, '[$1]');
  return `${path}${rel}`.replace(/^\./, '');
}

function mapValues(schema: JsonSchema): JsonSchema | undefined {
  const ap = schema.additionalProperties;
  return typeof ap === 'object' && ap !== null ? (ap as JsonSchema) : undefined;
}

/** The schema of one child of a node: a property, a map value, or an item. */
export function childSchema(schema: JsonSchema | undefined, key: string | number): { schema: JsonSchema | undefined; mapKey: boolean } {
  if (!schema) return { schema: undefined, mapKey: false };
  if (typeof key === 'number') return { schema: schema.items as JsonSchema | undefined, mapKey: false };
  const prop = schema.properties?.[key];
  if (prop) return { schema: prop, mapKey: false };
  const values = mapValues(schema);
  return { schema: values, mapKey: values !== undefined };
}

/** Renders JSON-pointer segments (as ajv reports them) as a field path, using the schema to tell map keys apart. */
export function pathOf(schema: JsonSchema | undefined, segments: readonly string[], value: unknown): string {
  let path = '';
  let s = schema;
  let v = value;
  for (const seg of segments) {
    if (Array.isArray(v) && /^\d+$/.test(seg)) {
      path += `[${seg}]`;
      s = childSchema(s, Number(seg)).schema;
      v = v[Number(seg)];
      continue;
    }
    const c = childSchema(s, seg);
    path = c.mapKey ? `${path}[${seg}]` : childPath(path, seg);
    s = c.schema;
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  }
  return path;
}

/** JSON pointer → segments. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export type Visit = (schema: JsonSchema, value: unknown, path: string) => void;

/** Calls visit on every present (non-null) value that has a schema, depth first, parents before children. */
export function walk(schema: JsonSchema, value: unknown, path: string, visit: Visit): void {
  if (value === undefined || value === null) return;
  visit(schema, value, path);
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    if (items) value.forEach((x, i) => walk(items, x, `${path}[${i}]`, visit));
  } else if (typeof value === 'object') {
    const values = mapValues(schema);
    for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
      const prop = schema.properties?.[k];
      if (prop) walk(prop, x, childPath(path, k), visit);
      else if (values) walk(values, x, `${path}[${k}]`, visit);
    }
  }
}
