// The seeds' data product registry (SPEC "Dependency export") → dependency rows. A file (YAML
// or JSON, one or several documents) holds one product, a list of products, or
// `{products: [...]}`; all files are read together. A product:
//   id: logistics.shipment_tracking        # `domain.product`
//   domain: logistics                      # else the part of `id` before the first dot
//   owner: logistics_eng_team
//   status: production
//   upstream_dependencies: [orders.completed_orders]    # or `lineage: [...]`
// Each upstream is an edge from this product's domain (from_asset: the product) to the upstream's
// (to_asset: the upstream), kind `upstream`: a product in the files gives its own domain, `x.y`
// the domain `x`. An upstream that is neither (`missions_raw`) keeps its name as the asset and no
// domain: the ownership map places it, else it counts under "unassigned" (the user is told).
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  type Fields,
  type YamlDocument,
  field,
  fileLabel,
  isFields,
  listOf,
  listSome,
  plural,
  readYaml,
  refuseEmpty,
  text,
  textOf,
  yamlDocumentsOrNull,
} from './structured-input.ts';

const UPSTREAM_KEYS = ['upstream_dependencies', 'lineage'] as const;
const LIST_KEYS = ['products', 'data_products', 'dataProducts'] as const;
/** Keys of other standards' documents: those are never registry entries. */
const OTHER_STANDARDS = ['apiVersion', 'kind', 'dataContractSpecification', 'dataProductDescriptor', 'dataProductSpecification'];
const RECOGNISE_LIMIT = 1024 * 1024;

interface Product {
  label: string;
  domain: string | null;
  domainFromId: boolean;
  upstream: { value: string; line: number }[];
  file: string;
  line: number;
}

export const dataProductRegistry: FormatAdapter = {
  id: 'data-product-registry',
  label: 'Data product registry',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      if (file.text.length > RECOGNISE_LIMIT || !/\b(?:upstream_dependencies|lineage)\b/.test(file.text)) return false;
      const docs = yamlDocumentsOrNull(file.text);
      return docs !== null && docs.some(holdsRegistryEntry);
    } catch {
      return false;
    }
  },
  read(files: readonly FormatFile[]): FormatResult {
    const products: Product[] = [];
    const problems: FormatProblem[] = [];
    for (const file of files) {
      const docs = readYaml(file);
      if (docs.length === 1) refuseEmpty(file, docs[0]!.data);
      for (const doc of docs) {
        for (const { entry, path } of entriesOf(doc)) {
          const line = doc.lineOf(path);
          if (!isFields(entry)) {
            problems.push({ file: file.name, line, reason: 'this entry is not a data product (not a mapping)' });
            continue;
          }
          const id = textOf(entry, 'id');
          const label = id ?? textOf(entry, 'name');
          if (label === null) {
            problems.push({ file: file.name, line, reason: 'this data product has neither an id nor a name' });
            continue;
          }
          const domain = textOf(entry, 'domain');
          const idDomain = id !== null && id.includes('.') ? id.slice(0, id.indexOf('.')) : null;
          products.push({
            label,
            domain: domain ?? idDomain,
            domainFromId: domain === null && idDomain !== null,
            upstream: upstreamOf(entry, path, doc),
            file: file.name,
            line,
          });
        }
      }
    }

    const byName = new Map<string, Product>();
    for (const p of products) if (!byName.has(p.label.toLowerCase())) byName.set(p.label.toLowerCase(), p);
    const rows: CanonicalRow[] = [];
    const seen = new Set<string>();
    const unplaced = new Set<string>();
    let inFiles = 0;
    for (const p of products) {
      if (p.domain === null) {
        if (p.upstream.length > 0) {
          problems.push({
            file: p.file,
            line: p.line,
            reason: `data product ${p.label} has no domain (no "domain", and its id is not "domain.product"), so its dependencies cannot be placed`,
          });
        }
        continue;
      }
      for (const u of p.upstream) {
        const target = byName.get(u.value.toLowerCase());
        if (target === p) continue;
        const toDomain = target?.domain ?? (u.value.includes('.') ? u.value.slice(0, u.value.indexOf('.')) : null);
        const toAsset = target?.label ?? u.value;
        const key = `${p.label}\u0000${toAsset}`.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        if (target) inFiles++;
        if (toDomain === null) unplaced.add(u.value);
        rows.push({
          values: { from_domain: p.domain, to_domain: toDomain, from_asset: p.label, to_asset: toAsset, kind: 'upstream' },
          file: p.file,
          line: u.line,
        });
      }
    }

    const domains = new Set(products.flatMap((p) => (p.domain === null ? [] : [p.domain.toLowerCase()])));
    const notes = [
      `Data product registry: ${plural(products.length, 'data product')} in ${plural(domains.size, 'domain')}; ${plural(rows.length, 'upstream dependency', 'upstream dependencies')}${
        inFiles > 0 ? ` (${inFiles} on products in these files, placed by their domain)` : ''
      }.`,
    ];
    const fromId = products.filter((p) => p.domainFromId);
    if (fromId.length > 0) {
      notes.push(`${plural(fromId.length, 'product has', 'products have')} no "domain": the part of the id before the dot stands for it (${listSome(fromId.map((p) => p.label))}).`);
    }
    const without = products.filter((p) => p.upstream.length === 0);
    if (without.length > 0) notes.push(`${plural(without.length, 'product lists', 'products list')} no upstream dependencies: ${listSome(without.map((p) => p.label))}.`);
    if (unplaced.size > 0) {
      notes.push(
        `${plural(unplaced.size, 'upstream names', 'upstreams name')} neither a product in these files nor "domain.product" (${listSome([...unplaced])}): the ownership map places ${
          unplaced.size === 1 ? 'it' : 'them'
        } by that name, else ${unplaced.size === 1 ? 'it counts' : 'they count'} under "unassigned".`,
      );
    }
    if (rows.length === 0) {
      throw new InputFileError(
        fileLabel(files, 'Data product registry'),
        problems.length > 0
          ? `holds no dependencies that can be placed: ${problems[0]!.reason}`
          : `holds no dependencies: ${plural(products.length, 'data product')}, none with upstream_dependencies or lineage`,
      );
    }
    return { rows, problems, notes };
  },
};

function entriesOf(doc: YamlDocument): { entry: unknown; path: (string | number)[] }[] {
  const data = doc.data;
  if (data === null || data === undefined) return [];
  if (Array.isArray(data)) return data.map((entry: unknown, i) => ({ entry, path: [i] }));
  if (isFields(data)) {
    for (const key of LIST_KEYS) {
      const list = field(data, key);
      if (Array.isArray(list)) return list.map((entry: unknown, i) => ({ entry, path: [key, i] }));
    }
  }
  return [{ entry: data, path: [] }];
}

function upstreamOf(entry: Fields, path: (string | number)[], doc: YamlDocument): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  for (const key of UPSTREAM_KEYS) {
    listOf(entry, key).forEach((item, i) => {
      const value = isFields(item) ? (textOf(item, 'id') ?? textOf(item, 'name')) : text(item);
      if (value !== null) out.push({ value, line: doc.lineOf([...path, key, i]) });
    });
  }
  return out;
}

/** On the parsed tree (no aliases expanded): a product mapping with an id or a name and a list
 *  of upstreams, not a document of another standard. */
function holdsRegistryEntry(doc: Document): boolean {
  const root = doc.contents;
  let candidates: unknown[] = [];
  if (isSeq(root)) candidates = root.items;
  else if (isMap(root)) {
    const list = LIST_KEYS.map((k) => root.get(k, true)).find((v) => isSeq(v));
    candidates = isSeq(list) ? list.items : [root];
  }
  return candidates.some((node) => {
    if (!isMap(node)) return false;
    if (OTHER_STANDARDS.some((k) => node.has(k))) return false;
    const named = ['id', 'name'].some((k) => isScalar(node.get(k, true)));
    const upstream = UPSTREAM_KEYS.map((k) => node.get(k, true)).find((v) => v !== undefined);
    return named && isSeq(upstream) && upstream.items.every((i) => isScalar(i) || (isMap(i) && (i.has('id') || i.has('name'))));
  });
}
