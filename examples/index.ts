/**
 * The requirement scenarios: one example environment per requirement document (../shared/seeds), each in its own
 * folder (environment.ts + README.md listing the document's requirements and where each is met). Synth writes
 * each like a default environment (dist/scenarios/<name>.k8s.yaml: a Namespace and a SecureEnvironment) with its
 * preview (dist/preview/<name>/), and every test that checks the environments checks these too.
 */
import type { EnvironmentConfig } from '../config/environments';
import { ENVIRONMENTS } from '../config/environments';
import { SCENARIO as AURORA_POSTGRES_PLATFORM } from './aurora-postgres-platform/environment';
import { SCENARIO as FINANCIAL_SERVICES_BASELINE } from './financial-services-baseline/environment';
import { SCENARIO as SECURE_MICROSERVICE } from './secure-microservice/environment';
import { SCENARIO as SECURITY_INFRASTRUCTURE } from './security-infrastructure/environment';
import { SCENARIO as SERVERLESS_AUDIT } from './serverless-audit/environment';

export interface Scenario {
  /** Folder under examples/, namespace and environment name. */
  readonly name: string;
  /** The requirement document it answers (file name prefix under ../shared/seeds). */
  readonly document: string;
  readonly environment: EnvironmentConfig;
}

export const SCENARIOS: readonly Scenario[] = [
  SECURE_MICROSERVICE, SERVERLESS_AUDIT, AURORA_POSTGRES_PLATFORM, FINANCIAL_SERVICES_BASELINE, SECURITY_INFRASTRUCTURE,
];

/** Every environment synth writes: the defaults (dist/environments/) and the scenarios (dist/scenarios/). */
export const SYNTHESIZED_ENVIRONMENTS: readonly { readonly dir: 'environments' | 'scenarios'; readonly env: EnvironmentConfig }[] = [
  ...ENVIRONMENTS.map((env) => ({ dir: 'environments' as const, env })),
  ...SCENARIOS.map((s) => ({ dir: 'scenarios' as const, env: s.environment })),
];
