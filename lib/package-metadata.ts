/** Package metadata (crossplane.yaml) of the composition function, for `crank xpkg build`. */
import { FUNCTION_NAME } from './platform';

export function functionPackageMetadata() {
  return {
    apiVersion: 'meta.pkg.crossplane.io/v1beta1',
    kind: 'Function',
    metadata: {
      name: `function-${FUNCTION_NAME}`,
      annotations: {
        'meta.crossplane.io/maintainer': 'secure-baseline platform team',
        'meta.crossplane.io/source': 'secure-baseline/functions',
        'meta.crossplane.io/description': 'Composes the secure-baseline platform APIs into AWS managed resources (provider-aws v2, namespaced)',
      },
    },
    spec: { crossplane: { version: '>=v2.2.0-0' } },
  };
}
