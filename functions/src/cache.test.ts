/**
 * The response cache may only ever answer a request with the response that request would get anyway. Each case
 * runs a first request, then a second one, through the cache and through a fresh computation, and checks both
 * that the second answer equals the fresh one (never stale) and whether it was a hit (cheap when unchanged).
 */
import { describe, expect, it } from '@jest/globals';
import { Ready, RunFunctionRequest, RunFunctionResponse, Severity } from '@crossplane-org/function-sdk-typescript';
import { createHash } from 'node:crypto';
import { DEV_COMMON, xrObject } from '../../test/support/xr';
import { readyManaged } from '../../synth/steady-state';
import type { KubeObject } from '../../lib/composer';
import { requestTag, ResponseCache } from './cache';
import { runEncoded } from './server';

const KEY = xrObject('EncryptionKey', 'orders-key', { ...DEV_COMMON, description: 'orders' });
const DAY_ONE = new Date('2026-11-23T23:59:00Z');

/** Tags the request the way Crossplane does: a hash of its content (here, of its encoding without meta). */
function encoded(xr: KubeObject, observed: Record<string, KubeObject> = {}, tag: 'content' | 'none' | string = 'content'): Uint8Array {
  const body = {
    observed: {
      composite: { resource: xr },
      resources: Object.fromEntries(Object.entries(observed).map(([k, r]) => [k, { resource: r }])),
    } as never,
  };
  const withoutMeta = RunFunctionRequest.encode(RunFunctionRequest.fromPartial(body)).finish();
  const t = tag === 'content' ? createHash('sha256').update(withoutMeta).digest('hex') : tag === 'none' ? '' : tag;
  return RunFunctionRequest.encode(RunFunctionRequest.fromPartial({ ...body, ...(t ? { meta: { tag: t } } : {}) })).finish();
}

const decode = (b: Uint8Array) => RunFunctionResponse.decode(b);
const fresh = (req: Uint8Array) => decode(runEncoded(req).response);

const firstKey = decode(runEncoded(encoded(KEY)).response).desired!.resources.key.resource as KubeObject;
const KEY_READY = { key: readyManaged(firstKey, { arn: 'arn:aws:kms:us-east-1:111111111111:key/abc' }) };

interface Case {
  readonly name: string;
  readonly first: Uint8Array;
  readonly second: Uint8Array;
  /** The second request is served from the cache. */
  readonly hit: boolean;
  /** The second request happens on another (UTC) day. */
  readonly nextDay?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'the same request again is a hit', first: encoded(KEY), second: encoded(KEY), hit: true },
  {
    name: 'a changed spec (new tag) is recomputed',
    first: encoded(KEY), second: encoded({ ...KEY, spec: { ...KEY.spec, description: 'orders v2' } }), hit: false,
  },
  {
    name: 'a composed resource turning Ready (new tag) is recomputed: readiness and outputs follow',
    first: encoded(KEY), second: encoded(KEY, KEY_READY), hit: false,
  },
  {
    name: 'a changed XR status (new tag) is recomputed',
    first: encoded(KEY), second: encoded({ ...KEY, status: { keyArn: 'x' } }), hit: false,
  },
  {
    name: 'the same tag on content of another length is recomputed',
    first: encoded(KEY, {}, 'reused'), second: encoded({ ...KEY, spec: { ...KEY.spec, description: 'orders v2' } }, {}, 'reused'), hit: false,
  },
  { name: 'without a tag, the same bytes are a hit', first: encoded(KEY, {}, 'none'), second: encoded(KEY, {}, 'none'), hit: true },
  {
    name: 'without a tag, other bytes are recomputed',
    first: encoded(KEY, {}, 'none'), second: encoded(KEY, KEY_READY, 'none'), hit: false,
  },
  { name: 'the same request on the next day is recomputed (rules consult the date)', first: encoded(KEY), second: encoded(KEY), hit: false, nextDay: true },
];

describe('ResponseCache', () => {
  it.each(CASES)('$name', ({ first, second, hit, nextDay }) => {
    let now = DAY_ONE;
    const cache = new ResponseCache({ maxBytes: 1 << 20, now: () => now });
    cache.respond(first, (r) => runEncoded(r));
    if (nextDay) now = new Date(DAY_ONE.getTime() + 2 * 60_000);
    let computed = false;
    const answer = cache.respond(second, (r) => { computed = true; return runEncoded(r); });
    expect(computed).toBe(!hit);
    expect(cache.stats()).toMatchObject({ hits: hit ? 1 : 0, misses: hit ? 1 : 2 });
    // Never stale: whatever the cache answered equals a fresh computation of the second request.
    expect(decode(answer)).toEqual(fresh(second));
  });

  it('a changed request gets the new outputs, not the cached ones', () => {
    const cache = new ResponseCache({ maxBytes: 1 << 20 });
    const before = decode(cache.respond(encoded(KEY), (r) => runEncoded(r)));
    const after = decode(cache.respond(encoded(KEY, KEY_READY), (r) => runEncoded(r)));
    expect(before.desired!.resources.key.ready).toBe(Ready.READY_FALSE);
    expect(after.desired!.resources.key.ready).toBe(Ready.READY_TRUE);
    expect(after.desired!.composite!.resource!.status.keyArn).toBe('arn:aws:kms:us-east-1:111111111111:key/abc');
  });

  it('keeps one response per XR: a new one replaces the previous, which no later request could hit', () => {
    const cache = new ResponseCache({ maxBytes: 1 << 20 });
    const other = xrObject('EncryptionKey', 'payments-key', { ...DEV_COMMON, description: 'payments' });
    cache.respond(encoded(KEY), (r) => runEncoded(r));
    cache.respond(encoded(other), (r) => runEncoded(r));
    cache.respond(encoded(KEY, KEY_READY), (r) => runEncoded(r));
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 0 });
    let computed = 0;
    cache.respond(encoded(KEY, KEY_READY), (r) => { computed++; return runEncoded(r); });
    cache.respond(encoded(other), (r) => { computed++; return runEncoded(r); });
    expect(computed).toBe(0);
    cache.respond(encoded(KEY), (r) => { computed++; return runEncoded(r); });
    expect(computed).toBe(1);
  });

  it('keeps within its byte budget, evicting the least recently used response', () => {
    const requests = ['a', 'b', 'c'].map((d) => encoded(xrObject('EncryptionKey', `key-${d}`, { ...DEV_COMMON, description: d })));
    const size = runEncoded(requests[0]).response.length;
    const cache = new ResponseCache({ maxBytes: 2 * size + size / 2 });
    cache.respond(requests[0], (r) => runEncoded(r));
    cache.respond(requests[1], (r) => runEncoded(r));
    cache.respond(requests[0], (r) => runEncoded(r)); // a is now the most recently used
    cache.respond(requests[2], (r) => runEncoded(r)); // evicts b
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 1, hits: 1 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(2 * size + size / 2);
    let computed = 0;
    cache.respond(requests[0], (r) => { computed++; return runEncoded(r); });
    cache.respond(requests[1], (r) => { computed++; return runEncoded(r); });
    expect(computed).toBe(1);
  });

  it('does not keep failures: a fatal response is recomputed every time', () => {
    const bad = encoded({ ...KEY, kind: 'NotAnApi' });
    expect(fresh(bad).results.map((r) => r.severity)).toContain(Severity.SEVERITY_FATAL);
    const cache = new ResponseCache({ maxBytes: 1 << 20 });
    cache.respond(bad, (r) => runEncoded(r));
    cache.respond(bad, (r) => runEncoded(r));
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, entries: 0 });
  });

  it('with a budget of 0 it keeps nothing', () => {
    const cache = new ResponseCache({ maxBytes: 0 });
    let computed = 0;
    for (let i = 0; i < 2; i++) cache.respond(encoded(KEY), (r) => { computed++; return runEncoded(r); });
    expect(computed).toBe(2);
  });

  it('a malformed request gets a fatal response naming the problem, and is not kept', () => {
    const { response, cacheable } = runEncoded(Uint8Array.from([0x0a, 0xff]));
    expect(cacheable).toBe(false);
    expect(decode(response).results[0]).toMatchObject({ severity: Severity.SEVERITY_FATAL, message: expect.stringContaining('cannot decode the request') });
  });
});

describe('requestTag', () => {
  it.each([
    ['a tag', encoded(KEY, {}, 'abc123'), 'abc123'],
    ['no meta', encoded(KEY, {}, 'none'), ''],
    ['meta after the other fields (any field order is valid protobuf)', Buffer.concat([
      RunFunctionRequest.encode(RunFunctionRequest.fromPartial({ observed: { composite: { resource: KEY } } })).finish(),
      RunFunctionRequest.encode(RunFunctionRequest.fromPartial({ meta: { tag: 'late' } })).finish(),
    ]), 'late'],
  ])('%s', (_name, bytes, tag) => {
    expect(requestTag(bytes)).toBe(tag);
    // Agrees with the SDK's full decoder.
    expect(RunFunctionRequest.decode(bytes).meta?.tag ?? '').toBe(tag);
  });
});
