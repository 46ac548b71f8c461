/**
 * API reference documentation generated from the XRD schemas: one Markdown page per platform API
 * (docs/api/<kind>.md) and an index (docs/api/README.md). `npm run docs` writes what renderApiDocs() returns;
 * test/docs.test.ts fails when the committed files differ. The output is deterministic (no dates, schema order,
 * `\n` line endings), so it only changes when an API does.
 */
import { PLATFORM_APIS } from '../compositions';
import type { PlatformApi } from '../lib/composer';
import { xrdProps } from './definitions';
import { API_CATEGORY, API_GROUP_VERSION } from '../lib/platform';
import type { CelRule, JsonSchema } from '../lib/schema';

/** Directory of the generated pages, relative to the project root. */
export const DOCS_DIR = 'docs/api';

export const docsFileOf = (api: PlatformApi) => `${DOCS_DIR}/${api.kind.toLowerCase()}.md`;

/** One field of a schema: its dotted path (array items `[]`, map values `{}`) and where it sits. */
export interface SchemaField {
  readonly path: string;
  readonly schema: JsonSchema;
  /** True/false for object properties; undefined for array items and map values (nothing to require). */
  readonly required: boolean | undefined;
}

/** Every field below `schema` (not `schema` itself), depth first in declaration order. */
export function schemaFields(schema: JsonSchema, path: string): SchemaField[] {
  const out: SchemaField[] = [];
  const visit = (s: JsonSchema, p: string, required: boolean | undefined) => {
    out.push({ path: p, schema: s, required });
    children(s, p);
  };
  const children = (s: JsonSchema, p: string) => {
    const req = new Set((s.required as string[] | undefined) ?? []);
    for (const [k, v] of Object.entries(s.properties ?? {})) visit(v, `${p}.${k}`, req.has(k));
    if (s.items && typeof s.items === 'object') visit(s.items as JsonSchema, `${p}[]`, undefined);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') visit(s.additionalProperties as JsonSchema, `${p}{}`, undefined);
  };
  children(schema, path);
  return out;
}

/** The XRD's openAPI schema (the root object holding spec and status). */
export function xrdSchemaOf(api: PlatformApi): JsonSchema {
  const version = xrdProps(api).spec?.versions?.[0];
  const schema = version?.schema?.openApiv3Schema as JsonSchema | undefined;
  if (!schema) throw new Error(`${api.kind}: XRD has no openAPI schema`);
  return schema;
}

/** Paths of the fields of `schema` (itself included) without a non-empty description. */
export function undocumentedFields(schema: JsonSchema, path: string): string[] {
  const has = (s: JsonSchema) => typeof s.description === 'string' && s.description.trim().length > 0;
  return [...(has(schema) ? [] : [path]), ...schemaFields(schema, path).filter((f) => !has(f.schema)).map((f) => f.path)];
}

/** Text for a table cell: one line, pipes escaped, `<` outside code spans escaped so it is not read as HTML. */
function cell(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  return oneLine.split('`').map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;'))).join('`').replace(/\|/g, '\\|');
}

/** A value in a code span (backticks inside widen the fence). */
function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

const json = (v: unknown) => code(JSON.stringify(v));

function text(description: unknown): string {
  return cell(typeof description === 'string' ? description : '');
}

function typeOf(s: JsonSchema): string {
  if (s['x-kubernetes-int-or-string']) return 'integer or string';
  if (s.type === 'array') {
    const items = s.items as JsonSchema | undefined;
    return items ? `[]${typeOf(items)}` : 'array';
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map[string]${typeOf(s.additionalProperties as JsonSchema)}`;
  }
  if (s.type) return String(s.type);
  if (s['x-kubernetes-preserve-unknown-fields']) return 'any';
  return '';
}

function constraintsOf(s: JsonSchema): string[] {
  const c: string[] = [];
  if (Array.isArray(s.enum)) c.push(`enum: ${s.enum.map((v) => json(v)).join(', ')}`);
  if (s.pattern !== undefined) c.push(`pattern: ${code(String(s.pattern))}`);
  if (s.format !== undefined && s.format !== 'int32') c.push(`format: ${code(String(s.format))}`);
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (s[k] !== undefined) c.push(`${k}: ${String(s[k])}`);
  }
  if (s.uniqueItems) c.push('unique items');
  if (s['x-kubernetes-list-type']) c.push(`list type: ${code(String(s['x-kubernetes-list-type']))}`);
  if (Array.isArray(s['x-kubernetes-list-map-keys'])) c.push(`map keys: ${(s['x-kubernetes-list-map-keys'] as string[]).map(code).join(', ')}`);
  if (s['x-kubernetes-map-type']) c.push(`map type: ${code(String(s['x-kubernetes-map-type']))}`);
  if (s['x-kubernetes-preserve-unknown-fields']) c.push('unknown fields preserved');
  if (Array.isArray(s['x-kubernetes-validations'])) c.push(`CEL rules: ${(s['x-kubernetes-validations'] as unknown[]).length}`);
  return c;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

const requiredCell = (r: boolean | undefined) => (r === undefined ? '' : r ? 'yes' : 'no');

function fieldTable(fields: readonly SchemaField[]): string[] {
  return table(['Field', 'Type', 'Required', 'Default', 'Constraints', 'Description'], fields.map((f) => [
    code(f.path),
    cell(typeOf(f.schema)),
    requiredCell(f.required),
    f.schema.default === undefined ? '' : cell(json(f.schema.default)),
    cell(constraintsOf(f.schema).join('; ')),
    text(f.schema.description),
  ]));
}

function celRules(root: JsonSchema, path: string): { path: string; rule: CelRule }[] {
  const nodes = [{ path, schema: root }, ...schemaFields(root, path)];
  return nodes.flatMap((n) => ((n.schema['x-kubernetes-validations'] as CelRule[] | undefined) ?? []).map((rule) => ({ path: n.path, rule })));
}

/** The schema a printer column's simple JSONPath (`.spec.a.b`) points at, if any. */
function schemaAt(root: JsonSchema, jsonPath: string): JsonSchema | undefined {
  let s: JsonSchema | undefined = root;
  for (const k of jsonPath.replace(/^\./, '').split('.')) s = s?.properties?.[k];
  return s;
}

/** First sentence of a description, for the index. */
function firstSentence(description: string): string {
  const oneLine = description.replace(/\s+/g, ' ').trim();
  const m = /^(.*?\.)\s+(?=[A-Z])/.exec(oneLine);
  return m ? m[1] : oneLine;
}

export function renderApiPage(api: PlatformApi): string {
  const xrd = xrdProps(api);
  const spec = xrd.spec!;
  const version = spec.versions[0];
  const root = xrdSchemaOf(api);
  const specSchema = root.properties?.spec ?? {};
  const statusSchema = root.properties?.status ?? {};
  const lines: string[] = [];
  lines.push(`# ${api.kind}`, '');
  lines.push('<!-- Generated from the XRD schema by `npm run docs` (synth/docs.ts); do not edit. -->', '');
  lines.push(...table(['', ''], [
    ['API version', code(`${spec.group}/${version.name}`)],
    ['Kind', code(spec.names.kind)],
    ['Plural', code(spec.names.plural)],
    ['Short names', (spec.names.shortNames ?? []).map(code).join(', ')],
    ['Categories', (spec.names.categories ?? []).map(code).join(', ')],
    ['Scope', code(String(spec.scope))],
    ['XRD', code(xrd.metadata?.name ?? '')],
  ]), '');
  lines.push(cell(api.description), '');
  lines.push('```sh', `kubectl get ${spec.names.plural} -n <namespace>`, `kubectl get ${API_CATEGORY} -n <namespace>   # every platform resource`, `kubectl explain ${spec.names.singular}.spec`, '```', '');

  lines.push('## Printer columns', '');
  lines.push('Shown by `kubectl get` besides Crossplane\'s SYNCED, READY and AGE; priority 1 columns only with `-o wide`.', '');
  lines.push(...table(['Name', 'Type', 'JSONPath', 'Priority', 'Description'], (version.additionalPrinterColumns ?? []).map((c) => [
    code(c.name), cell(String(c.type)), code(c.jsonPath), String(c.priority ?? 0), text(c.description ?? schemaAt(root, c.jsonPath)?.description),
  ])), '');

  lines.push('## Spec', '');
  if (typeof specSchema.description === 'string') lines.push(cell(specSchema.description), '');
  lines.push(...fieldTable(schemaFields(specSchema, 'spec')), '');

  lines.push('## Validation rules', '');
  const ruleRows = [...celRules(specSchema, 'spec'), ...celRules(statusSchema, 'status')];
  if (ruleRows.length) {
    lines.push('CEL rules (`x-kubernetes-validations`) the API server checks on create and update.', '');
    lines.push(...table(['On', 'Rule', 'Message', 'Field path'], ruleRows.map((r) => [
      code(r.path), cell(code(r.rule.rule)), cell(r.rule.message), r.rule.fieldPath ? cell(code(r.rule.fieldPath)) : '',
    ])), '');
  } else {
    lines.push('No CEL rules beyond the schema constraints above.', '');
  }

  lines.push('## Status', '');
  if (typeof statusSchema.description === 'string') lines.push(cell(statusSchema.description), '');
  lines.push(...table(['Field', 'Type', 'Description'], schemaFields(statusSchema, 'status').map((f) => [
    code(f.path), cell(typeOf(f.schema)), text(f.schema.description),
  ])), '');

  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

export function renderApiIndex(apis: readonly PlatformApi[]): string {
  const lines = [
    '# Platform API reference', '',
    '<!-- Generated from the XRD schemas by `npm run docs` (synth/docs.ts); do not edit. -->', '',
    `Every API is namespaced, in \`${API_GROUP_VERSION}\` and the \`${API_CATEGORY}\` category: \`kubectl get ${API_CATEGORY} -n <namespace>\` lists them all.`, '',
    ...table(['Kind', 'Short names', 'Description'], apis.map((a) => [
      `[${a.kind}](${a.kind.toLowerCase()}.md)`, a.shortNames.map(code).join(', '), cell(firstSentence(a.description)),
    ])),
  ];
  return `${lines.join('\n')}\n`;
}

/** Every generated file: path relative to the project root → content. */
export function renderApiDocs(apis: readonly PlatformApi[] = PLATFORM_APIS): Record<string, string> {
  const out: Record<string, string> = { [`${DOCS_DIR}/README.md`]: renderApiIndex(apis) };
  for (const api of apis) out[docsFileOf(api)] = renderApiPage(api);
  return out;
}
