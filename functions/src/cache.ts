/**
 * Steady-state reconciles nearly free: Crossplane calls the function for every XR about once a minute even when
 * nothing changed, and composing the largest XR takes milliseconds. So the server keeps the ENCODED response of
 * recent requests and answers an identical request with those bytes, without decoding, composing or encoding.
 *
 * What "identical" means, and why it is never stale:
 * - Crossplane sets `meta.tag` to the SHA-256 of the deterministic protobuf encoding of the whole request (XR with
 *   spec, metadata and status, observed and desired composed resources, required resources, context, input,
 *   credentials): crossplane v2.2.0 internal/controller/apiextensions/composite/composition_functions.go `Tag`.
 *   Its own (alpha) function response cache keys on the same tag. Any change to anything we read changes it.
 * - The request's byte length is part of the key too: a client that reused a tag for other content would have to
 *   produce the same length as well (a cheap guard; Crossplane itself never does that).
 * - Without a tag (another client), the key is the SHA-256 of the request bytes themselves: equal bytes are equal
 *   content, so a hit is exact (a miss may merely repeat work, as protobuf map order is not deterministic on the wire).
 * - The one input outside the request is the date: compliance rules consult today's date (suppression expiry,
 *   runtime deprecation dates), both at day granularity, so the UTC day is part of the key.
 * - The function version is fixed for the life of the process, and the cache lives in that process's memory only.
 * - Fatal responses are not kept: failures are always recomputed.
 * Memory: one response per XR (a new response for an XR replaces its previous one, which no later request can hit:
 * its observed state has moved on), within a byte budget with least-recently-used eviction.
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { createHash } from 'node:crypto';

/** Field numbers of the function protocol (apiextensions.fn.proto.v1, run_function.proto). */
const REQUEST_META_FIELD = 1;
const META_TAG_FIELD = 1;

/** The request's `meta.tag`, read without decoding the (large) rest of the request; '' if absent. */
export function requestTag(request: Uint8Array): string {
  const reader = new BinaryReader(request);
  let tag = '';
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === REQUEST_META_FIELD && wireType === WireType.LengthDelimited) {
      // Crossplane (Go) writes fields in number order, so meta comes first; a later duplicate would win when decoded.
      tag = metaTag(reader.bytes()) ?? tag;
    } else {
      reader.skip(wireType);
    }
  }
  return tag;
}

function metaTag(meta: Uint8Array): string | undefined {
  const reader = new BinaryReader(meta);
  let tag: string | undefined;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === META_TAG_FIELD && wireType === WireType.LengthDelimited) tag = reader.string();
    else reader.skip(wireType);
  }
  return tag;
}

export interface ResponseCacheOptions {
  /** Total bytes of cached responses kept. 0 disables the cache. */
  readonly maxBytes: number;
  /** The clock (tests move it across midnight). */
  readonly now?: () => Date;
}

/** What computing a response gives the cache. */
export interface Computed {
  readonly response: Buffer;
  /** Whether it may be kept (not a failure). */
  readonly cacheable: boolean;
  /** Which XR it is for (`apiVersion/kind/namespace/name/uid`), so that it replaces that XR's previous response. */
  readonly xr?: string;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly entries: number;
  readonly bytes: number;
  readonly evictions: number;
}

/** @default 32 MiB: about 300 of the largest XR's responses (~110 KB), thousands of typical ones (~5-20 KB). */
export const DEFAULT_RESPONSE_CACHE_BYTES = 32 * 1024 * 1024;

export class ResponseCache {
  private readonly entries = new Map<string, { readonly response: Buffer; readonly xr?: string }>();
  /** The key of each XR's latest response. */
  private readonly keyOfXr = new Map<string, string>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private readonly now: () => Date;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The cached response to this request, or the one `compute` returns (kept when `cacheable`). */
  respond(request: Uint8Array, compute: (request: Uint8Array) => Computed): Buffer {
    if (this.options.maxBytes <= 0) return compute(request).response;
    const key = this.keyOf(request);
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      // Map keeps insertion order: re-inserting makes this the most recently used entry.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.response;
    }
    this.misses++;
    const { response, cacheable, xr } = compute(request);
    if (cacheable && response.length <= this.options.maxBytes) this.store(key, response, xr);
    return response;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes, evictions: this.evictions };
  }

  private keyOf(request: Uint8Array): string {
    const tag = requestTag(request) || `sha256:${createHash('sha256').update(request).digest('hex')}`;
    return `${this.now().toISOString().slice(0, 10)}/${request.length}/${tag}`;
  }

  private store(key: string, response: Buffer, xr: string | undefined): void {
    if (xr !== undefined) {
      const previous = this.keyOfXr.get(xr);
      if (previous !== undefined) this.drop(previous);
      this.keyOfXr.set(xr, key);
    }
    this.entries.set(key, { response, xr });
    this.bytes += response.length;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.options.maxBytes) break;
      this.drop(oldest);
      this.evictions++;
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.response.length;
    if (entry.xr !== undefined && this.keyOfXr.get(entry.xr) === key) this.keyOfXr.delete(entry.xr);
  }
}
