/**
 * Kubernetes structural schemas (CRD / XRD openAPIV3Schema) as JSON Schema for ajv, with the API server's
 * strictness: unknown fields are errors (as with `kubectl apply --validate=strict` / server-side field
 * validation), except where the schema preserves unknown fields.
 */
import type { JsonSchema } from '../schema';

export function toAjvSchema(s: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    // Kubernetes-only keywords, documentation, and formats (Kubernetes' format names are not JSON Schema's and
    // the API server only checks a few of them) are not part of the ajv schema.
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'format' || k === 'nullable') continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([p, ps]) => [p, toAjvSchema(ps)]));
    } else if ((k === 'items' || k === 'additionalProperties') && typeof v === 'object' && v !== null) {
      out[k] = toAjvSchema(v as JsonSchema);
    } else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((x) => toAjvSchema(x as JsonSchema));
    } else if (k === 'not' && typeof v === 'object' && v !== null) {
      out[k] = toAjvSchema(v as JsonSchema);
    } else {
      out[k] = v;
    }
  }
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [...((out.anyOf as JsonSchema[] | undefined) ?? []), { type: 'integer' }, { type: 'string' }];
  }
  // A set-typed list rejects duplicate items (the API server's "Duplicate value").
  if (s['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s['x-kubernetes-embedded-resource'] && out.properties) {
    // An embedded object always admits its type and object metadata.
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  if (s.type === 'object' && s.additionalProperties === undefined && !preserve) {
    // With no properties and no preserve-unknown-fields, the API server prunes every field: all are unknown.
    out.additionalProperties = false;
    out.properties ??= {};
  }
  if (s.nullable === true && typeof out.type === 'string') (out as Record<string, unknown>).type = [out.type, 'null'];
  return out;
}
