/**
 * YAML as every Kubernetes tool reads it. Go-based tools (kubectl, the Crossplane CLI, Argo CD) parse YAML 1.1,
 * where bare `N`, `y`, `on`, `off` are booleans: writing YAML 1.1 quotes such strings (a DynamoDB attribute type `N` would
 * otherwise arrive as `false`), the way cdk8s writes its own output.
 */
import { stringify } from 'yaml';

export function toYaml(docs: readonly unknown[]): string {
  return docs.map((d) => stringify(d, { lineWidth: 0, version: '1.1' })).join('---\n');
}
