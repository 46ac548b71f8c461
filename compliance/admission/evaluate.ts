/**
 * Evaluates an emitted ValidatingAdmissionPolicy against one object, as the API server's admission plugin does:
 * match (resource rule, operation) → matchConditions (any false: skipped; an error: refused, failurePolicy Fail)
 * → variables → validations (false: refused with the message; an error: refused). CEL is the project's CEL
 * environment (lib/validation/cel.ts: @marcbachmann/cel-js plus the Kubernetes libraries).
 *
 * `object` is bound as the API server binds it at run time: untyped JSON (integers are CEL ints, other numbers
 * doubles); `typed` converts it by the CRD schema instead (`type: number` fields as doubles), as the policy type
 * checker sees it, so tests can hold the expressions to both.
 */
import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { JsonSchema } from '../../lib/schema';
import { celProgram, toCel } from '../../lib/validation';

export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE';
  /** The resource (plural) the request is for, e.g. `keys`. */
  readonly resource: string;
  readonly object: Record<string, any>;
  readonly oldObject?: Record<string, any>;
  /** The CRD's openAPIV3Schema of the object's version: converts `object` by it (see above). */
  readonly schema?: JsonSchema;
}

export interface AdmissionVerdict {
  /** Whether the policy's constraints and match conditions select the request. */
  readonly matched: boolean;
  readonly allowed: boolean;
  /** Messages of the failed validations. */
  readonly messages: string[];
  /** Expressions that could not be evaluated (each also refuses the request). */
  readonly errors: string[];
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function resourceMatches(policy: IValidatingAdmissionPolicy, req: AdmissionRequest): boolean {
  const [group, version] = req.object.apiVersion.includes('/') ? req.object.apiVersion.split('/', 2) : ['', req.object.apiVersion];
  const any = (list: readonly string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));
  return (policy.spec?.matchConstraints?.resourceRules ?? []).some((r) =>
    any(r.apiGroups, group) && any(r.apiVersions, version) && any(r.resources, req.resource) && any(r.operations, req.operation)
    && (r.scope === undefined || r.scope === '*' || r.scope === (req.object.metadata?.namespace ? 'Namespaced' : 'Cluster')));
}

export function admit(policy: IValidatingAdmissionPolicy, req: AdmissionRequest): AdmissionVerdict {
  const spec = policy.spec ?? {};
  if (!resourceMatches(policy, req)) return { matched: false, allowed: true, messages: [], errors: [] };
  const failOpen = spec.failurePolicy === 'Ignore';
  const convert = (o: unknown) => (o === undefined ? null : toCel(req.schema, o));
  const activation: Record<string, unknown> = {
    object: convert(req.object),
    oldObject: convert(req.oldObject),
    request: { operation: req.operation, resource: { resource: req.resource } },
    params: null,
  };
  const errors: string[] = [];
  for (const c of spec.matchConditions ?? []) {
    let v: unknown;
    try {
      v = celProgram(c.expression)(activation);
    } catch (e) {
      errors.push(`matchCondition ${c.name}: ${firstLine(e)}`);
      continue;
    }
    if (v === false) return { matched: false, allowed: true, messages: [], errors: [] };
    if (v !== true) errors.push(`matchCondition ${c.name} returned ${typeof v}, not a bool`);
  }
  if (errors.length) return { matched: true, allowed: failOpen, messages: [], errors };

  // The API server evaluates variables lazily; eagerly here, so one that fails refuses even if no validation reads it.
  const variables: Record<string, unknown> = {};
  for (const v of spec.variables ?? []) {
    try {
      variables[v.name] = celProgram(v.expression)({ ...activation, variables });
    } catch (e) {
      errors.push(`variable ${v.name}: ${firstLine(e)}`);
    }
  }
  const messages: string[] = [];
  for (const v of spec.validations ?? []) {
    let ok: unknown;
    try {
      ok = celProgram(v.expression)({ ...activation, variables });
    } catch (e) {
      errors.push(`${v.expression.slice(0, 80)}…: ${firstLine(e)}`);
      continue;
    }
    if (ok === true) continue;
    if (ok !== false) errors.push(`${v.expression.slice(0, 80)}… returned ${typeof ok}, not a bool`);
    else messages.push(v.message ?? `failed expression: ${v.expression}`);
  }
  return { matched: true, allowed: messages.length === 0 && (errors.length === 0 || failOpen), messages, errors };
}
