/**
 * Admission guardrails (compliance/admission): a ValidatingAdmissionPolicy and its binding per compliance rule
 * that one managed resource decides, so the API server refuses a non-compliant managed resource whoever writes
 * it. Synthesized to dist/platform/admission-policies.k8s.yaml.
 */
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { admissionObjects } from '../compliance/admission/objects';
import { LABEL_PREFIX } from '../lib/platform';

export class AdmissionPoliciesChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { labels: { [`${LABEL_PREFIX}/layer`]: 'admission' } });
    for (const obj of admissionObjects()) {
      new ApiObject(this, `${obj.kind.toLowerCase()}-${obj.metadata!.name}`, obj.toJSON() as never);
    }
  }
}
