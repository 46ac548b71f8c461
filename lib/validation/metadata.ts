/**
 * ObjectMeta as the API server validates it (k8s.io/apimachinery/pkg/api/validation ValidateObjectMeta): the
 * fields and their types (the upstream-generated schema of @kubernetes-models/apimachinery, with unknown fields
 * rejected), name or generateName present, the name rule of the kind, namespace a DNS label, label and
 * annotation keys qualified names, label values, annotation size, finalizer names, owner references.
 */
import type { ErrorObject } from 'ajv';
import { validate as validateObjectMetaSchema } from '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta';
import { declarationPath, unknownFieldIssues } from './dts';
import { ajvIssue } from './errors';

export interface MetaIssue {
  readonly path: string;
  readonly message: string;
}

/** Checks a name; returns the problem, or undefined when valid. */
export type NameRule = (name: string) => string | undefined;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const dnsSubdomain: NameRule = (n) =>
  n.length > 253 ? 'must be no more than 253 characters' : DNS1123_SUBDOMAIN.test(n) ? undefined : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const dnsLabel: NameRule = (n) =>
  n.length > 63 ? 'must be no more than 63 characters' : DNS1123_LABEL.test(n) ? undefined : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const dns1035Label: NameRule = (n) =>
  n.length > 63 ? 'must be no more than 63 characters' : DNS1035_LABEL.test(n) ? undefined : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/** RBAC object names: any path segment (k8s.io/apimachinery/pkg/api/validation/path). */
export const pathSegmentName: NameRule = (n) =>
  n === '.' || n === '..' ? `may not be '${n}'` : /[/%]/.test(n) ? "may not contain '/' or '%'" : undefined;

export function qualifiedNameIssue(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || dnsSubdomain(prefix))) return 'prefix part must be a lowercase RFC 1123 subdomain';
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', must start and end with an alphanumeric character, and be at most 63 characters";
  }
  return undefined;
}

const OBJECT_META = '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export interface MetaOptions {
  /** How names of this kind are validated (default: DNS subdomain, as for custom resources). */
  readonly nameRule?: NameRule;
}

/** Every problem with `meta` (the object's `metadata`), with paths starting at `metadata`. */
export function metadataIssues(meta: unknown, options: MetaOptions = {}): MetaIssue[] {
  if (meta === undefined || meta === null) return [{ path: 'metadata', message: 'Required value' }];
  const nameRule = options.nameRule ?? dnsSubdomain;
  const out: MetaIssue[] = [];
  if (!validateObjectMetaSchema(meta)) {
    for (const e of ((validateObjectMetaSchema as unknown as { errors?: ErrorObject[] }).errors ?? [])) out.push(ajvIssue(e, 'metadata', (segments) => declarationPath(OBJECT_META, segments)));
    return out;
  }
  out.push(...unknownFieldIssues(OBJECT_META, meta, 'metadata'));
  const m = meta as Record<string, any>;
  if (!m.name && !m.generateName) out.push({ path: 'metadata.name', message: 'Required value: name or generateName is required' });
  if (m.name) {
    const problem = nameRule(m.name);
    if (problem) out.push({ path: 'metadata.name', message: `Invalid value ${JSON.stringify(m.name)}: ${problem}` });
  }
  if (m.generateName) {
    // As the API server: the prefix is checked with a trailing dash masked (a random suffix follows it).
    const problem = nameRule(m.generateName.replace(/-$/, 'a'));
    if (problem) out.push({ path: 'metadata.generateName', message: `Invalid value ${JSON.stringify(m.generateName)}: ${problem}` });
  }
  if (m.namespace) {
    const problem = dnsLabel(m.namespace);
    if (problem) out.push({ path: 'metadata.namespace', message: `Invalid value ${JSON.stringify(m.namespace)}: ${problem}` });
  }
  for (const [k, v] of Object.entries((m.labels ?? {}) as Record<string, unknown>)) {
    const keyProblem = qualifiedNameIssue(k);
    if (keyProblem) out.push({ path: `metadata.labels[${k}]`, message: `Invalid label key: ${keyProblem}` });
    if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
      out.push({ path: `metadata.labels[${k}]`, message: `Invalid label value ${JSON.stringify(v)}: must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character` });
    }
  }
  let annotationSize = 0;
  for (const [k, v] of Object.entries((m.annotations ?? {}) as Record<string, unknown>)) {
    const keyProblem = qualifiedNameIssue(k.toLowerCase());
    if (keyProblem) out.push({ path: `metadata.annotations[${k}]`, message: `Invalid annotation key: ${keyProblem}` });
    annotationSize += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (annotationSize > TOTAL_ANNOTATION_SIZE_LIMIT) out.push({ path: 'metadata.annotations', message: `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  ((m.finalizers ?? []) as unknown[]).forEach((f, i) => {
    const problem = typeof f === 'string' ? qualifiedNameIssue(f) : undefined;
    if (problem) out.push({ path: `metadata.finalizers[${i}]`, message: `Invalid finalizer name: ${problem}` });
  });
  ((m.ownerReferences ?? []) as Array<Record<string, unknown>>).forEach((r, i) => {
    for (const f of ['apiVersion', 'kind', 'name', 'uid']) if (r && r[f] === '') out.push({ path: `metadata.ownerReferences[${i}].${f}`, message: 'Invalid value: must not be empty' });
  });
  if (((m.ownerReferences ?? []) as Array<Record<string, unknown>>).filter((r) => r?.controller === true).length > 1) {
    out.push({ path: 'metadata.ownerReferences', message: 'Invalid value: Only one reference can have Controller set to true' });
  }
  return out;
}
