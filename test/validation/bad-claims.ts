/**
 * A corpus of invalid claims, shared by the offline gates (test/validation/bad-claims.test.ts: the XRD's schema and
 * CEL as the API server applies them, and the function) and the live API server (test/e2e).
 */
import { PLATFORM_APIS } from '../../compositions';

export type Spec = Record<string, unknown>;

/** [what is wrong, kind, spec, field that must be named, words the message must contain] */
export type BadClaimKind = string;
/** Every API's bad claims, kept beside it (PlatformApi.badClaims). */
export const CORPUS: Array<[string, BadClaimKind, Spec, string, string]> = PLATFORM_APIS.flatMap((a) => a.badClaims.map((b): [string, BadClaimKind, Spec, string, string] => [b.what, a.kind, b.spec, b.field, b.words]));

/** Claims both gates accept: every example of every API, which the bad claims each change in one way. */
export const GOOD_CLAIMS: ReadonlyArray<readonly [BadClaimKind, Spec]> = PLATFORM_APIS.flatMap((a) => a.examples.map((e): [BadClaimKind, Spec] => [a.kind, e.spec as Spec]));
