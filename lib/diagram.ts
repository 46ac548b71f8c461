/**
 * Reviewer's map of an environment's preview (dist/preview/<env>/README.md): a Mermaid flowchart with each XR as a
 * subgraph (nested XRs inside the XR that composes them), its composed resources as nodes, and an edge for every
 * reference: selectors (`*Selector` with `matchLabels`, `matchControllerRef` keeping to the same XR), `*Ref`/`*Refs`
 * by name, and XR-to-XR references (`encryptionKeyRef`, `networkRef`, …). Pure and deterministic: same input,
 * same text.
 */
import type { KubeObject } from './composer';

const LABEL_KIND = 'platform.secure-baseline.io/kind';
const LABEL_NAME = 'platform.secure-baseline.io/name';
const LABEL_COMPONENT = 'platform.secure-baseline.io/component';
const CRN = 'crossplane.io/composition-resource-name';
/** References to things outside the environment's composed graph (provider configs, Kubernetes Secrets). */
const IGNORED_REFS = new Set(['providerConfigRef', 'writeConnectionSecretToRef', 'publishConnectionDetailsTo']);

interface Xr { readonly obj: KubeObject; readonly key: string; readonly id: string; parent?: string }
interface Node { readonly obj: KubeObject; readonly id: string; readonly owner: string; readonly crn: string }
interface Edge { readonly from: string; readonly to: string; readonly label: string; readonly dashed: boolean }

const ns = (o: KubeObject) => o.metadata?.namespace ?? '';
const xrKey = (namespace: string, kind: string, name: string) => `${namespace}/${kind.toLowerCase()}/${name}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A Mermaid node id: letters, digits and `_` only, never a keyword (always prefixed). */
export function mermaidId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${parts.join('__').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Text inside `["…"]`: Mermaid entity codes for what would end the string or open markup. */
function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function unique(ids: Set<string>, id: string): string {
  let out = id;
  for (let i = 2; ids.has(out); i++) out = `${id}_${i}`;
  ids.add(out);
  return out;
}

/** Every `(fieldName, value)` below o, depth-first in key order, with the object holding the field. */
function walk(o: unknown, visit: (key: string, value: unknown, holder: Record<string, unknown>) => void): void {
  if (Array.isArray(o)) for (const v of o) walk(v, visit);
  else if (o && typeof o === 'object') {
    for (const k of Object.keys(o).sort()) {
      const v = (o as Record<string, unknown>)[k];
      visit(k, v, o as Record<string, unknown>);
      walk(v, visit);
    }
  }
}

export function environmentDiagram(resources: readonly KubeObject[], xrs: readonly KubeObject[]): string {
  const usedIds = new Set<string>();
  // XRs, deterministic order (namespace, kind, name), each once.
  const xrByKey = new Map<string, Xr>();
  for (const o of [...xrs].sort((a, b) => cmp(xrKey(ns(a), a.kind, a.metadata?.name ?? ''), xrKey(ns(b), b.kind, b.metadata?.name ?? '')))) {
    const key = xrKey(ns(o), o.kind, o.metadata?.name ?? '');
    if (xrByKey.has(key)) continue;
    xrByKey.set(key, { obj: o, key, id: unique(usedIds, mermaidId('xr', ns(o), o.kind.toLowerCase(), o.metadata?.name ?? '')) });
  }
  const ownerKey = (o: KubeObject): string | undefined => {
    const l = o.metadata?.labels ?? {};
    return l[LABEL_KIND] && l[LABEL_NAME] ? xrKey(ns(o), l[LABEL_KIND], l[LABEL_NAME]) : undefined;
  };
  for (const x of xrByKey.values()) {
    const p = ownerKey(x.obj);
    if (p && p !== x.key && xrByKey.has(p)) x.parent = p;
  }

  // Composed resources that are not themselves XRs, grouped by the XR that composes them.
  const crnOf = (o: KubeObject) => o.metadata?.annotations?.[CRN] ?? o.metadata?.labels?.[LABEL_COMPONENT] ?? o.metadata?.name ?? '';
  const sorted = resources
    .filter((o) => xrByKey.get(xrKey(ns(o), o.kind, o.metadata?.name ?? ''))?.obj.apiVersion !== o.apiVersion)
    .map((o) => ({ o, owner: ownerKey(o) ?? `${ns(o)}/-/-`, crn: crnOf(o) }))
    .sort((a, b) => cmp(a.owner, b.owner) || cmp(a.crn, b.crn) || cmp(a.o.kind, b.o.kind));
  const nodes: Node[] = sorted.map(({ o, owner, crn }) => ({ obj: o, owner, crn, id: unique(usedIds, mermaidId('r', owner, crn, o.kind)) }));
  const nodesByOwner = new Map<string, Node[]>();
  for (const n of nodes) nodesByOwner.set(n.owner, [...(nodesByOwner.get(n.owner) ?? []), n]);

  // Edges.
  const edges = new Map<string, Edge>();
  const addEdge = (from: string, to: string, label: string, dashed: boolean) => {
    if (from === to) return;
    const k = `${from}\u0000${to}\u0000${label}`;
    if (!edges.has(k)) edges.set(k, { from, to, label, dashed });
  };
  const xrsByName = (namespace: string, name: string, kindHint?: string): Xr[] => {
    const same = [...xrByKey.values()].filter((x) => ns(x.obj) === namespace && x.obj.metadata?.name === name);
    if (!kindHint) return same.length === 1 ? same : [];
    const hint = kindHint.toLowerCase();
    const byKind = same.filter((x) => x.obj.kind.toLowerCase() === hint);
    if (byKind.length) return byKind;
    const bySuffix = same.filter((x) => x.obj.kind.toLowerCase().endsWith(hint.replace(/s$/, '')));
    return bySuffix.length ? bySuffix : [];
  };
  /** Reference edges of one object's spec; from: its node or subgraph id; self: the XR it is (or belongs to). */
  const refsOf = (obj: KubeObject, from: string, selfXr: string | undefined) => {
    const namespace = ns(obj);
    walk(obj.spec, (key, value, holder) => {
      if (key.endsWith('Selector') && value && typeof value === 'object' && !Array.isArray(value)) {
        const sel = value as { matchLabels?: Record<string, string>; matchControllerRef?: boolean };
        if (!sel.matchLabels || typeof sel.matchLabels !== 'object') return;
        const wanted = Object.entries(sel.matchLabels);
        const label = key.slice(0, -'Selector'.length);
        for (const n of nodes) {
          if (ns(n.obj) !== namespace || (sel.matchControllerRef && n.owner !== selfXr)) continue;
          const labels = n.obj.metadata?.labels ?? {};
          if (wanted.every(([k, v]) => labels[k] === v)) addEdge(from, n.id, label, false);
        }
        return;
      }
      if (IGNORED_REFS.has(key) || !(key.endsWith('Ref') || key.endsWith('Refs'))) return;
      const refs = (Array.isArray(value) ? value : [value]).filter((r): r is { name: string } => !!r && typeof r === 'object' && typeof (r as { name?: unknown }).name === 'string');
      const siblingKind = typeof holder.kind === 'string' ? holder.kind : undefined;
      const hint = siblingKind ?? key.replace(/Refs?$/, '');
      for (const r of refs) {
        const targets = xrsByName(namespace, r.name, hint);
        for (const t of targets) if (t.key !== selfXr) addEdge(from, t.id, key, true);
        if (targets.length) continue;
        // A composed resource named like that (of the sibling kind, when given).
        for (const n of nodes) {
          if (ns(n.obj) === namespace && n.obj.metadata?.name === r.name && (!siblingKind || n.obj.kind === siblingKind)) addEdge(from, n.id, key, true);
        }
      }
    });
  };
  for (const n of nodes) refsOf(n.obj, n.id, n.owner);
  for (const x of xrByKey.values()) refsOf(x.obj, x.id, x.key);

  // Rendering.
  const lines: string[] = ['flowchart LR'];
  const children = new Map<string | undefined, Xr[]>();
  for (const x of xrByKey.values()) children.set(x.parent, [...(children.get(x.parent) ?? []), x]);
  const renderXr = (x: Xr, depth: number) => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}subgraph ${x.id} ["${mermaidText(`${x.obj.kind} ${x.obj.metadata?.name ?? ''}`)}"]`);
    for (const n of nodesByOwner.get(x.key) ?? []) {
      const component = n.obj.metadata?.labels?.[LABEL_COMPONENT] ?? n.crn;
      lines.push(`${pad}  ${n.id}["${mermaidText(n.obj.kind)}<br/>${mermaidText(component)}"]`);
    }
    for (const c of children.get(x.key) ?? []) renderXr(c, depth + 1);
    lines.push(`${pad}end`);
  };
  for (const x of children.get(undefined) ?? []) renderXr(x, 1);
  // Resources whose XR is not in the list (should not happen): still shown, outside any subgraph.
  for (const [owner, ns_] of [...nodesByOwner.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    if (xrByKey.has(owner)) continue;
    for (const n of ns_) lines.push(`  ${n.id}["${mermaidText(n.obj.kind)}<br/>${mermaidText(n.crn)}"]`);
  }
  for (const e of [...edges.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.label, b.label))) {
    lines.push(`  ${e.from} ${e.dashed ? '-.->' : '-->'}|${mermaidText(e.label)}| ${e.to}`);
  }

  const namespaces = [...new Set([...xrByKey.values()].map((x) => ns(x.obj)))].sort();
  return [
    `# Preview: ${namespaces.join(', ')}`,
    '',
    'What each XR of this environment composes (generated by `npm run synth` from the files next to this one; do not edit).',
    'Subgraphs are XRs (nested XRs inside the XR that composes them); nodes are composed resources (`Kind`, component);',
    'solid edges are selectors (`*Selector` with `matchLabels`), dashed edges references by name (`*Ref`, `*Refs`).',
    '',
    '```mermaid',
    ...lines,
    '```',
    '',
  ].join('\n');
}
