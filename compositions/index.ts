/**
 * Every platform API, in one list. The composition function dispatches on the XR's kind through this registry;
 * synth emits one XRD and one Composition per entry. Adding an API = adding its folder and one line here.
 */
import type { PlatformApi } from '../lib/composer';
import { encryptionKeyApi } from './encryption-key';
import { secureBucketApi } from './secure-bucket';

export const PLATFORM_APIS: readonly PlatformApi[] = [encryptionKeyApi, secureBucketApi];

export function apiForKind(kind: string): PlatformApi | undefined {
  return PLATFORM_APIS.find((a) => a.kind === kind);
}
