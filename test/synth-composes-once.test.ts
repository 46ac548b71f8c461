/**
 * Synth composes each XR once per input: the preview of an environment expands it (composing every XR to learn
 * what it nests) and then writes a file per XR; the PreviewCache (synth/preview.ts) makes the second pass reuse the
 * first's compositions. An XR is composed again only with other inputs: a round whose required resources differ
 * (Crossplane calls the function again the same way until its requirements settle).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_APIS } from '../compositions';
import type { ComposeInput, PlatformApi } from '../lib/composer';
import { synth } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'sb-compose-once-'));
const originals = new Map<PlatformApi, PlatformApi['compose']>();
afterAll(() => {
  for (const [api, compose] of originals) (api as { compose: PlatformApi['compose'] }).compose = compose;
  rmSync(dir, { recursive: true, force: true });
});

describe('synth', () => {
  it('composes no XR twice with the same input', () => {
    const calls = new Map<string, string[]>();
    for (const api of PLATFORM_APIS) {
      const compose = api.compose;
      originals.set(api, compose);
      (api as { compose: PlatformApi['compose'] }).compose = (input: ComposeInput<unknown>) => {
        const id = `${api.kind} ${input.xr.metadata.namespace}/${input.xr.metadata.name}`;
        calls.set(id, [...(calls.get(id) ?? []), JSON.stringify([input.xr.spec, input.observed, input.required])]);
        return compose(input);
      };
    }
    synth(dir);
    expect(calls.size).toBeGreaterThan(50);
    const repeated = [...calls].filter(([, inputs]) => new Set(inputs).size < inputs.length).map(([id, inputs]) => `${id}: ${inputs.length} calls`);
    expect(repeated).toEqual([]);
  });
});
