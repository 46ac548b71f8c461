/**
 * The Crossplane objects that publish a platform API: its XRD (apiextensions.crossplane.io/v2, namespaced) and
 * its Pipeline Composition calling our function. Built from the API's PlatformApi entry, so an API folder
 * holds only what is specific to it.
 */
import type { XpCompositeResourceDefinitionV2Props, XpCompositionProps } from '../imports/crossplane-apiextensions-apiextensions.crossplane.io';
import { COMPLIANCE_STATUS } from '../compliance/xr';
import type { PlatformApi } from '../lib/composer';
import { API_CATEGORY, API_GROUP, API_GROUP_VERSION, API_VERSION, FUNCTION_NAME, LABEL_PREFIX } from '../lib/platform';

export const xrdName = (api: PlatformApi) => `${api.plural}.${API_GROUP}`;
export const compositionName = (api: PlatformApi) => `${api.plural}.${API_GROUP}`;

export function xrdProps(api: PlatformApi): XpCompositeResourceDefinitionV2Props {
  return {
    metadata: { name: xrdName(api), labels: { [`${LABEL_PREFIX}/api`]: api.kind.toLowerCase() } },
    spec: {
      group: API_GROUP,
      // Namespaced XRs are Crossplane v2's model: a team's resources live in its namespace. Written out because
      // tools that read v2 XRDs through the v1 types treat a missing scope as LegacyCluster.
      scope: 'Namespaced' as never,
      names: {
        kind: api.kind,
        listKind: `${api.kind}List`,
        plural: api.plural,
        singular: api.kind.toLowerCase(),
        shortNames: [...api.shortNames],
        categories: [API_CATEGORY],
      },
      defaultCompositionRef: { name: compositionName(api) },
      versions: [{
        name: API_VERSION,
        served: true,
        referenceable: true,
        additionalPrinterColumns: api.printerColumns.map((c) => ({ ...c })),
        schema: {
          openApiv3Schema: {
            type: 'object',
            description: api.description,
            required: ['spec'],
            // Every XR also reports the compliance rules evaluated on what it composes.
            properties: { spec: api.specSchema, status: { ...api.statusSchema, properties: { ...api.statusSchema.properties, compliance: COMPLIANCE_STATUS } } },
          },
        },
      }],
    },
  };
}

export function compositionProps(api: PlatformApi): XpCompositionProps {
  return {
    metadata: { name: compositionName(api), labels: { [`${LABEL_PREFIX}/api`]: api.kind.toLowerCase() } },
    spec: {
      compositeTypeRef: { apiVersion: API_GROUP_VERSION, kind: api.kind },
      // Written out: crossplane composition render reads the file without defaulting and accepts only Pipeline.
      mode: 'Pipeline' as never,
      // One step: our function composes the resources and also reports each one's readiness, so no separate
      // auto-ready function is needed.
      pipeline: [{ step: 'compose', functionRef: { name: FUNCTION_NAME } }],
    },
  };
}
