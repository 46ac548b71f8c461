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
import { secureEnvironmentApi } from './secure-environment';
import { secureFunctionApi } from './secure-function';
import { secureTableApi } from './secure-table';
import { secureTopicApi } from './secure-topic';

export const PLATFORM_APIS: readonly PlatformApi[] = [
  encryptionKeyApi, networkApi, secureBucketApi, auroraDatabaseApi, secureTableApi, managedSecretApi, configParameterApi,
  secureFunctionApi, secureApiApi, complianceMonitoringApi, accessGuardrailsApi, secureEnvironmentApi, secureTopicApi,
];

export function apiForKind(kind: string): PlatformApi | undefined {
  return PLATFORM_APIS.find((a) => a.kind === kind);
}
