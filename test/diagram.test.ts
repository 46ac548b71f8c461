/** dist/preview/<env>/README.md: the reviewer's Mermaid map of what each XR composes and what references what. */
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS } from '../config/environments';
import { environmentXrs } from '../synth/claims';
import { environmentDiagram, mermaidId } from '../lib/diagram';
import { previewClaim } from '../synth/preview';

const env = ENVIRONMENTS.find((e) => e.name === 'prod')!;
const xrs = environmentXrs(env);
const resources = xrs.flatMap((x) => Object.values(previewClaim(x, xrs).resources));
const md = environmentDiagram(resources, xrs);
const mermaid = md.slice(md.indexOf('```mermaid\n') + 11, md.lastIndexOf('```'));
const lines = mermaid.split('\n').map((l) => l.trim()).filter(Boolean);

describe('environment diagram', () => {
  it('is a Mermaid flowchart LR in a Markdown document', () => {
    expect(md.startsWith('# ')).toBe(true);
    expect(lines[0]).toBe('flowchart LR');
  });

  it('has a subgraph for every XR of the environment, and matching ends', () => {
    const subgraphs = lines.filter((l) => l.startsWith('subgraph '));
    expect(subgraphs).toHaveLength(xrs.length);
    for (const x of xrs) expect(subgraphs).toContain(`subgraph ${mermaidId('xr', 'prod', x.kind.toLowerCase(), x.metadata!.name!)} ["${x.kind} ${x.metadata!.name}"]`);
    expect(lines.filter((l) => l === 'end')).toHaveLength(subgraphs.length);
  });

  it('has a node per composed managed resource labelled Kind<br/>component', () => {
    expect(lines).toContain('r_prod_securebucket_app_data__bucket__Bucket["Bucket<br/>bucket"]');
    const nodes = lines.filter((l) => /^r_\w+\[/.test(l));
    const xrNames = new Set(xrs.map((x) => `${x.kind}/${x.metadata!.name}`));
    expect(nodes).toHaveLength(resources.filter((r) => !(r.apiVersion === xrs[0].apiVersion && xrNames.has(`${r.kind}/${r.metadata!.name}`))).length);
  });

  it('links a bucket to its KMS key: the SecureBucket references the EncryptionKey (key fields name the ARN, not a selector)', () => {
    expect(lines.filter((l) => /-->\|[A-Za-z.]*[kK]ms[A-Za-z]*\|/.test(l))).toEqual([]);
    expect(lines).toContain('xr_prod__securebucket__app_data -.->|encryptionKeyRef| xr_prod__encryptionkey__app_data');
  });

  it('resolves matchControllerRef selectors within the same XR only', () => {
    const bucketEdges = lines.filter((l) => l.startsWith('r_prod_securebucket_app_data__bucket_versioning__') && l.includes('|bucket|'));
    expect(bucketEdges).toEqual(['r_prod_securebucket_app_data__bucket_versioning__BucketVersioning -->|bucket| r_prod_securebucket_app_data__bucket__Bucket']);
  });

  it('uses valid Mermaid ids only, each declared once, and edges between declared ids', () => {
    const declared = lines.flatMap((l) => /^subgraph (\S+) \[/.exec(l)?.[1] ?? /^(\S+?)\["/.exec(l)?.[1] ?? []);
    expect(new Set(declared).size).toBe(declared.length);
    for (const id of declared) {
      expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(['end', 'graph', 'subgraph', 'flowchart']).not.toContain(id);
    }
    const edges = lines.filter((l) => / -(-|\.-)>\|/.test(l));
    expect(edges.length).toBeGreaterThan(50);
    for (const e of edges) {
      const m = /^(\S+) -(?:-|\.-)>\|[A-Za-z0-9]+\| (\S+)$/.exec(e);
      expect([e, !!m]).toEqual([e, true]);
      expect(declared).toContain(m![1]);
      expect(declared).toContain(m![2]);
    }
  });

  it('is deterministic, whatever the input order', () => {
    expect(environmentDiagram([...resources].reverse(), [...xrs].reverse())).toBe(md);
    expect(environmentDiagram(resources, xrs)).toBe(md);
  });

  it('sanitizes ids', () => {
    expect(mermaidId('r', 'prod/a.b', 'x-y z')).toBe('r_prod_a_b__x_y_z');
  });
});
