/** ComplianceMonitoring claims the API must refuse, each changing one of its examples in one way (see PlatformApi.badClaims). */
import { withoutField as without, type BadClaim } from '../../lib/composer';
import { COMPLIANCE_MONITORING_EXAMPLES } from './examples';

const MINIMAL: Record<string, unknown> = { ...COMPLIANCE_MONITORING_EXAMPLES[0].spec };
const PROD: Record<string, unknown> = { ...COMPLIANCE_MONITORING_EXAMPLES.find((e) => e.name === 'prod-home-region')!.spec };

export const COMPLIANCE_MONITORING_BAD_CLAIMS: readonly BadClaim[] = [
  { what: 'a GuardDuty severity that does not exist', spec: { ...MINIMAL, guardDutyMinimumSeverity: 'EXTREME' }, field: 'spec.guardDutyMinimumSeverity', words: 'must be one of' },
  { what: 'alerts over plain HTTP', spec: { ...MINIMAL, subscriptions: [{ protocol: 'http', endpoint: 'http://example.com/hook' }] }, field: 'spec.subscriptions[0].protocol', words: 'must be one of' },
  { what: 'a prod account alerting nobody', spec: without(PROD, 'subscriptions'), field: 'spec.subscriptions', words: '' },
];
