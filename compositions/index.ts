/**
 * Every platform API, in one list. The composition function dispatches on the XR's kind through this registry;
 * synth emits one XRD and one Composition per entry. Adding an API = adding its folder and one line here.
 */
import type { PlatformApi } from '../lib/composer';
import { accessGuardrailsApi } from './access-guardrails';
import { auroraDatabaseApi } from './aurora-database';
import { complianceMonitoringApi } from './compliance-monitoring';
import { configParameterApi } from './config-parameter';
import { encryptionKeyApi } from './encryption-key';
import { managedSecretApi } from './managed-secret';
import { networkApi } from './network';
import { secureApiApi } from './secure-api';
import { secureBucketApi } from './secure-bucket';
import { secureEnvironmentApiOf } from './secure-environment';
import { secureFunctionApi } from './secure-function';
import { secureTableApi } from './secure-table';
import { secureTopicApi } from './secure-topic';

/** The building blocks: every API but SecureEnvironment. A new API goes at the end. */
const BUILDING_BLOCKS: readonly PlatformApi[] = [
  encryptionKeyApi, networkApi, secureBucketApi, auroraDatabaseApi, secureTableApi, managedSecretApi, configParameterApi,
  secureFunctionApi, secureApiApi, complianceMonitoringApi, accessGuardrailsApi, secureTopicApi,
];

/** SecureEnvironment holds the building blocks that declare `environmentMember`, in this order. */
export const secureEnvironmentApi = secureEnvironmentApiOf(BUILDING_BLOCKS);

/**
 * In the order synth emits them: the environment's members, the environment, then the other building blocks
 * (SecureEnvironment's XRD after the XRDs of everything it holds).
 */
export const PLATFORM_APIS: readonly PlatformApi[] = [
  ...BUILDING_BLOCKS.filter((a) => a.environmentMember), secureEnvironmentApi, ...BUILDING_BLOCKS.filter((a) => !a.environmentMember),
];

export function apiForKind(kind: string): PlatformApi | undefined {
  return PLATFORM_APIS.find((a) => a.kind === kind);
}
