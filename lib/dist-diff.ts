/**
 * What a change does to AWS, for review: compares two sets of synthesized objects (dist/ at a git ref and now;
 * scripts/diff.ts) and lists managed resources added, removed and changed, with the changed field paths.
 * Objects are keyed by namespace, the XR that composes them (labels), composition resource name (or name) and kind,
 * so a resource keeps its identity across changes of anything else.
 */
import type { KubeObject } from './composer';

const CRN = 'crossplane.io/composition-resource-name';
const LABEL_KIND = 'platform.secure-baseline.io/kind';
const LABEL_NAME = 'platform.secure-baseline.io/name';

export interface FieldChange { readonly path: string; readonly before: unknown; readonly after: unknown }
export interface Change {
  readonly type: 'added' | 'removed' | 'changed';
  readonly key: string;
  readonly namespace: string;
  /** The XR composing it (`kind/name`), or '' for a claim or an object of no XR. */
  readonly owner: string;
  /** Composition resource name, or metadata.name. */
  readonly name: string;
  readonly kind: string;
  readonly apiVersion: string;
  /** Only for `changed`. */
  readonly fields?: readonly FieldChange[];
}

/** Whether an object is an AWS managed resource (provider-aws v2, namespaced `*.aws.m.upbound.io`). */
export function isAwsManagedResource(o: { readonly apiVersion?: string; readonly kind?: string }): boolean {
  return /\.aws\.(m\.)?upbound\.io\//.test(o.apiVersion ?? '');
}

function identity(o: KubeObject) {
  const l = o.metadata?.labels ?? {};
  const namespace = o.metadata?.namespace ?? '';
  const owner = l[LABEL_KIND] && l[LABEL_NAME] ? `${l[LABEL_KIND]}/${l[LABEL_NAME]}` : '';
  const name = o.metadata?.annotations?.[CRN] ?? o.metadata?.name ?? '';
  const group = (o.apiVersion ?? '').includes('/') ? o.apiVersion.split('/')[0] : 'core';
  return { namespace, owner, name, kind: o.kind, key: `${namespace}|${owner}|${name}|${o.kind}.${group}` };
}

function index(objects: readonly KubeObject[]): Map<string, { o: KubeObject; id: ReturnType<typeof identity> }> {
  const out = new Map<string, { o: KubeObject; id: ReturnType<typeof identity> }>();
  for (const o of objects) {
    if (!o || typeof o !== 'object' || !o.kind) continue;
    const id = identity(o);
    let key = id.key;
    for (let i = 2; out.has(key); i++) key = `${id.key}#${i}`;
    out.set(key, { o, id: { ...id, key } });
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const seg = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return undefined;
  try { return JSON.parse(v); } catch { return undefined; }
}

/** Leaf-level differences between two JSON values; arrays by index. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffFields(before[k], after[k], `${path}${seg(k)}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    const out: FieldChange[] = [];
    for (let i = 0; i < n; i++) out.push(...diffFields(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  // JSON documents held in strings (IAM and key policies): the changed statements, not two truncated strings.
  const b = parseJson(before);
  const a = parseJson(after);
  if (b !== undefined && a !== undefined) return diffFields(b, a, `${path}<json>`);
  return [{ path: path.replace(/^\./, ''), before, after }];
}

export function diffObjects(before: readonly KubeObject[], after: readonly KubeObject[]): Change[] {
  const b = index(before);
  const a = index(after);
  const changes: Change[] = [];
  const tuple = (k: string) => (a.get(k) ?? b.get(k))!.id;
  const order = (x: string, y: string) => {
    const [p, q] = [tuple(x), tuple(y)];
    for (const f of ['namespace', 'owner', 'name', 'kind', 'key'] as const) if (p[f] !== q[f]) return p[f] < q[f] ? -1 : 1;
    return 0;
  };
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort(order)) {
    const old = b.get(key);
    const now = a.get(key);
    const { id, o } = (now ?? old)!;
    const base = { key, namespace: id.namespace, owner: id.owner, name: id.name, kind: id.kind, apiVersion: o.apiVersion };
    if (!old) changes.push({ type: 'added', ...base });
    else if (!now) changes.push({ type: 'removed', ...base });
    else {
      const fields = diffFields(old.o, now.o);
      if (fields.length) changes.push({ type: 'changed', ...base, fields });
    }
  }
  return changes;
}

/** A value on one line, cut to max characters. */
export function compact(v: unknown, max = 80): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function formatChanges(changes: readonly Change[], title = 'AWS managed resources'): string {
  const count = (t: Change['type']) => changes.filter((c) => c.type === t).length;
  const lines = [`${title}: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed`];
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  for (const c of changes) {
    const where = [c.namespace || '(cluster)', c.owner, c.name].filter(Boolean).join(' ');
    lines.push(`${sign[c.type]} ${c.kind} ${where} (${c.apiVersion})`);
    for (const f of c.fields ?? []) lines.push(`    ${f.path}: ${compact(f.before)} → ${compact(f.after)}`);
  }
  return `${lines.join('\n')}\n`;
}
