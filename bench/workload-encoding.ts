/** Encoding helpers shared by the bench's main thread and its driver thread (which loads nothing else). */
import { RunFunctionRequest } from '@crossplane-org/function-sdk-typescript';

/** The request's `meta` with this tag, encoded: appended to a request encoded without meta (field order is free). */
export function encodedMeta(tag: string): Buffer {
  return Buffer.from(RunFunctionRequest.encode(RunFunctionRequest.fromPartial({ meta: { tag } })).finish());
}
