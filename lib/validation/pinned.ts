/**
 * The pinned CRDs (lib/crds.ts), indexed by `group/Kind` without parsing all 14 MB of YAML up front: every
 * locked file is read and its sha256 checked against crds.lock.json at once (readPinnedCrdFile), but only its
 * head (up to `versions:`) is parsed to learn its group and kind; the whole document is parsed the first time
 * that kind is needed. Same contents and precedence as allPinnedCrds(); ~0.3 s to construct instead of ~4.5 s.
 */
import { parse, parseAllDocuments } from 'yaml';
import { crdLock, readPinnedCrdFile, type Crd } from '../crds';

export type CrdSource = () => Crd;

function parseAll(text: string): Crd[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Crd | null)
    .filter((d): d is Crd => d?.kind === 'CustomResourceDefinition');
}

/** One lazily parsed CRD per `group/Kind` of every pinned file (later files win, as in allPinnedCrds). */
export function pinnedCrdSources(): Map<string, CrdSource> {
  const out = new Map<string, CrdSource>();
  for (const rel of Object.keys(crdLock().files)) {
    const text = readPinnedCrdFile(rel);
    const single = (text.match(/^kind: CustomResourceDefinition\s*$/gm) ?? []).length === 1 && (text.match(/^---\s*$/gm) ?? []).length <= 1;
    const cut = text.search(/^ {2}versions:/m);
    let head: Crd | undefined;
    if (single && cut > 0) {
      try {
        head = parse(text.slice(0, cut)) as Crd;
      } catch {
        head = undefined;
      }
    }
    if (head?.kind === 'CustomResourceDefinition' && head.spec?.group && head.spec.names?.kind) {
      let crd: Crd | undefined;
      out.set(`${head.spec.group}/${head.spec.names.kind}`, () => {
        crd ??= parseAll(text)[0];
        return crd;
      });
    } else {
      for (const crd of parseAll(text)) out.set(`${crd.spec.group}/${crd.spec.names.kind}`, () => crd);
    }
  }
  return out;
}
