/**
 * Unknown-field detection for the Kubernetes built-in kinds. kubernetes-models ships, per model, an
 * upstream-generated validator (types, required fields, enums) that does NOT reject unknown fields, and a
 * declaration file generated from the same OpenAPI definitions, listing every field with its type:
 *
 *   export interface IDeploymentSpec { "minReadySeconds"?: number; "selector": IIoK8sApimachinery...LabelSelector; ... }
 *
 * This reads those declarations (a fixed, generated shape: one interface per file, fields quoted, object types
 * imported by name, `Array<T>`, `{ [key: string]: T }`) and walks a value against them, reporting every field
 * the API does not define. An interface without fields (RawExtension, FieldsV1) admits anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PathMessage } from './errors';
import { childPath } from './walk';


type TypeNode = { kind: 'ref'; file: string } | { kind: 'array'; of: TypeNode } | { kind: 'map'; of: TypeNode } | { kind: 'leaf' };
interface Interface {
  /** No declared fields: anything goes. */
  readonly open: boolean;
  readonly fields: ReadonlyMap<string, TypeNode>;
}

const packageDirs = new Map<string, string>();
function packageDir(name: string): string {
  let dir = packageDirs.get(name);
  if (dir) return dir;
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let d = start; ; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules', name, 'package.json'))) {
        dir = join(d, 'node_modules', name);
        packageDirs.set(name, dir);
        return dir;
      }
      if (dirname(d) === d) break;
    }
  }
  throw new Error(`cannot find the package ${name} (needed for the Kubernetes built-in schemas)`);
}

/** The declaration file of a module specifier (bare, or relative to `from`). */
export function declarationFile(spec: string, from?: string): string {
  if (spec.startsWith('.')) return `${resolve(dirname(from!), spec).replace(/\.js$/, '')}.d.ts`;
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return `${join(packageDir(parts.slice(0, n).join('/')), ...parts.slice(n))}.d.ts`;
}

/** Splits at `sep` outside brackets. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '<' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === '>' || c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

const interfaces = new Map<string, Interface | undefined>();

function load(file: string): Interface | undefined {
  if (interfaces.has(file)) return interfaces.get(file);
  if (!existsSync(file)) throw new Error(`missing declaration file ${file} (kubernetes-models layout changed?)`);
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/^import \{([^}]+)\} from "([^"]+)";/gm)) {
    for (const name of m[1].split(',').map((s) => s.trim()).filter(Boolean)) imports.set(name, m[2]);
  }
  const parseType = (raw: string): TypeNode => {
    const t = raw.trim().replace(/;$/, '').trim();
    const arr = /^Array<([\s\S]+)>$/.exec(t);
    if (arr) return { kind: 'array', of: parseType(arr[1]) };
    const map = /^\{\s*\[key: string\]:\s*([\s\S]+?)\s*\}$/.exec(t);
    if (map) return { kind: 'map', of: parseType(map[1]) };
    const spec = imports.get(t);
    return spec && !spec.startsWith('@kubernetes-models/base') ? { kind: 'ref', file: declarationFile(spec, file) } : { kind: 'leaf' };
  };
  const decl = /^export interface \w+(?: extends [^{]*)? \{\n([\s\S]*?)^\}/m.exec(text);
  let result: Interface | undefined;
  if (decl) {
    const fields = new Map<string, TypeNode>();
    for (const member of splitTop(decl[1].replace(/\/\*[\s\S]*?\*\//g, ''), ';')) {
      const m = /^"([^"]+)"\??:\s*([\s\S]+)$/.exec(member);
      if (!m) throw new Error(`cannot read the field declaration ${JSON.stringify(member)} in ${file}`);
      fields.set(m[1], parseType(m[2]));
    }
    result = { open: fields.size === 0, fields };
  }
  // No interface: a type alias (Quantity, IntOrString, Time, ...), a scalar.
  interfaces.set(file, result);
  return result;
}

function check(t: TypeNode, v: unknown, path: string, out: PathMessage[]): void {
  if (v === null || typeof v !== 'object') return;
  if (t.kind === 'array') {
    if (Array.isArray(v)) v.forEach((x, i) => check(t.of, x, `${path}[${i}]`, out));
  } else if (t.kind === 'map') {
    if (!Array.isArray(v)) for (const [k, x] of Object.entries(v)) check(t.of, x, `${path}[${k}]`, out);
  } else if (t.kind === 'ref') {
    const iface = load(t.file);
    if (!iface || iface.open || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const field = iface.fields.get(k);
      if (field) check(field, x, childPath(path, k), out);
      else out.push({ path: childPath(path, k), message: 'unknown field' });
    }
  }
}

/**
 * JSON-pointer segments (as the generated validators report them) as a field path, with the keys of maps
 * (labels, data, ...) written `[key]` as the API server writes them.
 */
export function declarationPath(spec: string, segments: readonly string[]): string {
  let t: TypeNode | undefined = { kind: 'ref', file: declarationFile(spec) };
  let path = '';
  for (const seg of segments) {
    if (t?.kind === 'array') {
      path += `[${seg}]`;
      t = t.of;
    } else if (t?.kind === 'map') {
      path += `[${seg}]`;
      t = t.of;
    } else {
      path = /^\d+$/.test(seg) && !t ? `${path}[${seg}]` : childPath(path, seg);
      t = t?.kind === 'ref' ? load(t.file)?.fields.get(seg) : undefined;
    }
  }
  return path;
}

/**
 * Every field of `value` that the model declared by `spec` (a module specifier such as
 * `kubernetes-models/apps/v1/Deployment`) does not define, at any depth.
 */
export function unknownFieldIssues(spec: string, value: unknown, path = ''): PathMessage[] {
  const out: PathMessage[] = [];
  check({ kind: 'ref', file: declarationFile(spec) }, value, path, out);
  return out;
}
