/**
 * ConfigParameter → one SSM parameter per entry, named /<environment>/<application>/<name>, every one a
 * SecureString encrypted with the EncryptionKey's KMS key; plus a Usage that keeps the EncryptionKey from being
 * deleted while the parameters exist.
 *
 * Values: the SsmParameter CRD carries a SecureString value only through a Kubernetes Secret reference
 * (valueSecretRef); its inline field (insecureValue) is rejected by the provider for SecureString. So a
 * parameter's valueFrom is passed through as is, and the non-secret inline values of the claim are written to
 * one composed Kubernetes Secret (<name>-config-values, owned by the XR) that the parameters reference.
 */
import { SsmParameter } from '../../imports/aws-ssm-ssm.aws.m.upbound.io';
import { atProvider, reported, type ComposeInput, type Composition, type XrCondition } from '../../lib/composer';
import { ComposerKit } from '../../lib/kit';
import { KIND as ENCRYPTION_KEY_KIND } from '../encryption-key/composer';
import { encryptionKeyDependency } from '../encryption-key/dependency';
import type { ConfigParameterParameters, ConfigParameterStatus, Parameter } from './parameters';

export const KIND = 'ConfigParameter';
/** Composition resource name of the Kubernetes Secret holding the claim's inline (non-secret) values. */
export const VALUES_RESOURCE = 'values';

/** Path every parameter of the claim is under, with leading and trailing slash. */
export function parameterPathOf(p: Pick<ConfigParameterParameters, 'environment' | 'application'>): string {
  return `/${p.environment}/${p.application}/`;
}
export const parameterResourceName = (q: Pick<Parameter, 'name'>) => `parameter-${q.name}`;
export const valuesSecretNameOf = (xrName: string) => `${xrName}-config-values`;

export function composeConfigParameter({ xr, observed, required }: ComposeInput<ConfigParameterParameters>): Composition<ConfigParameterStatus> {
  const p = xr.spec;
  const name = xr.metadata.name;
  const path = parameterPathOf(p);
  const kit = new ComposerKit(KIND, xr);

  const dependency = encryptionKeyDependency(p.encryptionKeyRef.name, xr.metadata.namespace, required, { name: 'ssm', what: 'SSM' });
  const keyArn = dependency.keyArn;

  const inline = p.parameters.filter((q) => q.value !== undefined);
  if (inline.length) {
    // Not secret (the claim holds these values), but SSM takes a SecureString value only from a Secret.
    kit.put(VALUES_RESOURCE, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: valuesSecretNameOf(name), ...kit.metadata(VALUES_RESOURCE) },
      type: 'Opaque',
      immutable: false,
      data: Object.fromEntries(inline.map((q) => [q.name, Buffer.from(q.value!, 'utf8').toString('base64')])),
    });
  }

  const waiting: string[] = [];
  const statusParameters: Array<{ name: string; arn: string }> = [];
  for (const q of p.parameters) {
    const resourceName = parameterResourceName(q);
    const fullName = `${path}${q.name}`;
    const seen = observed[resourceName];
    // The key ARN from the EncryptionKey; once a parameter exists, the key it was created with keeps it composed
    // even when the EncryptionKey is momentarily unavailable (dropping it from the desired state would delete it).
    const keyId = keyArn ?? atProvider(seen, 'keyId');
    statusParameters.push({ name: fullName, arn: atProvider(seen, 'arn') ?? `arn:aws:ssm:${p.region}:${p.accountId}:parameter${fullName}` });
    if (!keyId) {
      waiting.push(q.name);
      continue;
    }
    // The parameter name is the external name of an ssm Parameter.
    kit.add(resourceName, SsmParameter, {
      region: p.region,
      type: 'SecureString',
      keyId,
      tier: p.parameterTier,
      dataType: 'text',
      ...(q.description ? { description: q.description } : {}),
      valueSecretRef: q.valueFrom
        ? { name: q.valueFrom.secretName, key: q.valueFrom.key }
        : { name: valuesSecretNameOf(name), key: q.name },
      tags: kit.tags,
    }, { externalName: fullName });
  }

  kit.usage('encryption-key-usage', { kind: ENCRYPTION_KEY_KIND, name: p.encryptionKeyRef.name }, `ConfigParameter ${name} stores parameters encrypted with this key`);

  const conditions: XrCondition[] = [dependency.condition(`Parameters are encrypted with ${keyArn}`, `${waiting.length ? `; parameters ${waiting.join(', ')} are created once it does` : ''}`)];
  const warnings = dependency.warnings;

  return {
    resources: kit.resources,
    requirements: dependency.requirements,
    conditions,
    ...(warnings.length ? { warnings } : {}),
    status: reported<ConfigParameterStatus>({ path, parameters: statusParameters, encryptionKeyArn: keyArn }),
  };
}
