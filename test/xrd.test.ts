/** What `kubectl explain` and the API server will show users of every platform API. */
import { describe, expect, it } from '@jest/globals';
import { PLATFORM_APIS } from '../compositions';
import { compositionProps, xrdProps } from '../synth/definitions';
import { API_CATEGORY, API_GROUP } from '../lib/platform';
import type { JsonSchema } from '../lib/schema';

function undocumented(s: JsonSchema, path: string): string[] {
  const here = typeof s.description === 'string' && s.description.length >= 10 ? [] : [path];
  const props = Object.entries(s.properties ?? {}).flatMap(([k, v]) => undocumented(v, `${path}.${k}`));
  const items = s.items ? undocumented(s.items as JsonSchema, `${path}[]`) : [];
  const values = typeof s.additionalProperties === 'object' ? undocumented(s.additionalProperties as JsonSchema, `${path}{}`) : [];
  return [...here, ...props, ...items, ...values];
}

describe.each(PLATFORM_APIS.map((a) => [a.kind, a] as const))('%s', (_kind, api) => {
  const xrd = xrdProps(api);
  const spec = xrd.spec!;
  it('is a namespaced v2 XRD in the shared group and category', () => {
    expect(spec.scope).toBe('Namespaced');
    expect(spec.group).toBe(API_GROUP);
    expect(spec.names.categories).toContain(API_CATEGORY);
    expect(spec.defaultCompositionRef?.name).toBe(compositionProps(api).metadata?.name);
  });

  it('documents every field of spec and status', () => {
    expect([...undocumented(api.specSchema, 'spec'), ...undocumented(api.statusSchema, 'status')]).toEqual([]);
  });

  it('bounds every string, number and list a user can set', () => {
    const unbounded: string[] = [];
    const walk = (s: JsonSchema, path: string) => {
      if (s.type === 'string' && !s.enum && !s.pattern && s.maxLength === undefined) unbounded.push(path);
      if (s.type === 'integer' && (s.minimum === undefined || s.maximum === undefined)) unbounded.push(path);
      if (s.type === 'array' && s.maxItems === undefined) unbounded.push(path);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${path}.${k}`);
      if (s.items) walk(s.items as JsonSchema, `${path}[]`);
      if (typeof s.additionalProperties === 'object') walk(s.additionalProperties as JsonSchema, `${path}{}`);
    };
    walk(api.specSchema, 'spec');
    expect(unbounded).toEqual([]);
  });

  it('has a Pipeline composition calling the function', () => {
    const c = compositionProps(api);
    expect(c.spec!.mode).toBe('Pipeline');
    expect(c.spec!.compositeTypeRef).toEqual({ apiVersion: `${API_GROUP}/v1alpha1`, kind: api.kind });
  });
});
