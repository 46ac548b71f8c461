/** ajv errors as Kubernetes-style issues: a field path and a message. */
import type { ErrorObject } from 'ajv';
import { childPath, pointerSegments } from './walk';

export interface PathMessage {
  readonly path: string;
  readonly message: string;
}

/** Without a schema: numeric segments are indexes, everything else a property. */
function plainPath(segments: readonly string[]): string {
  return segments.reduce((p, s) => (/^\d+$/.test(s) ? `${p}[${s}]` : childPath(p, s)), '');
}

export function ajvMessage(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'Required value';
    case 'additionalProperties':
      return 'unknown field';
    case 'enum':
      return `Unsupported value: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const':
      return `Unsupported value: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'type':
      return e.message ?? `must be ${(e.params as { type: string }).type}`;
    default:
      return e.message ?? `failed ${e.keyword}`;
  }
}

/**
 * One ajv error as an issue. `base` prefixes the path (e.g. `metadata` for a validator of ObjectMeta alone);
 * `render` turns the pointer's segments into a path (schema-aware, see walk.ts pathOf).
 */
export function ajvIssue(e: ErrorObject, base = '', render: (segments: readonly string[]) => string = plainPath): PathMessage {
  let path = render(pointerSegments(e.instancePath));
  if (e.keyword === 'required') path = childPath(path, (e.params as { missingProperty: string }).missingProperty);
  if (e.keyword === 'additionalProperties') path = childPath(path, (e.params as { additionalProperty: string }).additionalProperty);
  if (base) path = path ? (path.startsWith('[') ? `${base}${path}` : `${base}.${path}`) : base;
  return { path: path || '<root>', message: ajvMessage(e) };
}
