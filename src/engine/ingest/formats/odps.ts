// Open Data Product Standard (bitol-io ODPS, `kind: DataProduct`) → dependency rows. All files
// are read together: an input port's `contractId` is matched to the output ports of the other
// products that carry the same `contractId`, and each match is an edge from the consuming
// product's `domain` to the producing product's `domain` (from_asset/to_asset: the products'
// names, else their ids; kind `inputPort`). One edge per consumer and producer, however many
// ports join them. An input port whose contract no other product in the files provides is a
// problem at its line: the producer's file is missing.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  fileLabel,
  head,
  isFields,
  listOf,
  listSome,
  plural,
  readYaml,
  refuseEmpty,
  textOf,
} from './structured-input.ts';

const KIND = /^\s*["']?kind["']?\s*:\s*["']?DataProduct["']?\s*,?\s*(?:#.*)?$/m;
const API_VERSION = /^\s*["']?apiVersion["']?\s*:\s*["']?v?\d+\.\d+/m;

interface Port {
  name: string;
  version: string | null;
  contractId: string | null;
  line: number;
}

interface Product {
  label: string;
  domain: string | null;
  inputs: Port[];
  outputs: Port[];
  file: string;
  line: number;
}

export const odps: FormatAdapter = {
  id: 'odps',
  label: 'Open Data Product Standard',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      const start = head(file);
      return KIND.test(start) && API_VERSION.test(start) && !/backstage\.io\//.test(start);
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
        const data = doc.data;
        if (!isFields(data) || textOf(data, 'kind') !== 'DataProduct') continue;
        const label = textOf(data, 'name') ?? textOf(data, 'id');
        if (label === null) {
          problems.push({ file: file.name, line: doc.line, reason: 'this data product has neither a name nor an id' });
          continue;
        }
        const ports = (key: string): Port[] =>
          listOf(data, key).flatMap((p, i) =>
            isFields(p)
              ? [{ name: textOf(p, 'name') ?? `#${i + 1}`, version: textOf(p, 'version'), contractId: textOf(p, 'contractId'), line: doc.lineOf([key, i]) }]
              : [],
          );
        products.push({ label, domain: textOf(data, 'domain'), inputs: ports('inputPorts'), outputs: ports('outputPorts'), file: file.name, line: doc.line });
      }
    }
    if (products.length === 0) {
      throw new InputFileError(fileLabel(files, 'Open Data Product Standard'), 'holds no ODPS data product (kind: DataProduct)');
    }

    const providers = new Map<string, Product[]>();
    for (const p of products) {
      for (const port of p.outputs) {
        if (port.contractId === null) continue;
        const list = providers.get(port.contractId) ?? [];
        if (!list.includes(p)) list.push(p);
        providers.set(port.contractId, list);
      }
    }
    const rows: CanonicalRow[] = [];
    const seen = new Set<string>();
    let matched = 0;
    const portName = (port: Port) => `${port.name}${port.version ? ` ${port.version}` : ''}`;
    for (const p of products) {
      for (const port of p.inputs) {
        if (port.contractId === null) {
          problems.push({ file: p.file, line: port.line, reason: `input port ${portName(port)} of ${p.label} names no contractId, so the product it reads is unknown` });
          continue;
        }
        const from = (providers.get(port.contractId) ?? []).filter((q) => q !== p);
        if (from.length === 0) {
          problems.push({
            file: p.file,
            line: port.line,
            reason: `input port ${portName(port)} of ${p.label} reads contract ${port.contractId}, which no output port of another data product in the files given provides`,
          });
          continue;
        }
        for (const q of from) {
          if (p.domain === null || q.domain === null) {
            problems.push({ file: p.file, line: port.line, reason: `${p.domain === null ? p.label : q.label} has no domain, so the dependency through contract ${port.contractId} cannot be placed` });
            continue;
          }
          matched++;
          const key = `${p.label}\u0000${q.label}`.toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          rows.push({ values: { from_domain: p.domain, to_domain: q.domain, from_asset: p.label, to_asset: q.label, kind: 'inputPort' }, file: p.file, line: port.line });
        }
      }
    }
    const domains = new Set(products.flatMap((p) => (p.domain === null ? [] : [p.domain.toLowerCase()])));
    const inputs = products.reduce((n, p) => n + p.inputs.length, 0);
    const notes = [
      `Open Data Product Standard: ${plural(products.length, 'data product')} in ${plural(domains.size, 'domain')} (${listSome(products.map((p) => `${p.label} → ${p.domain ?? 'no domain'}`), 6)}); ${matched} of ${plural(inputs, 'input port')} matched to another product's output port by contractId, giving ${plural(rows.length, 'dependency', 'dependencies')}.`,
    ];
    if (rows.length === 0) {
      throw new InputFileError(
        fileLabel(files, 'Open Data Product Standard'),
        inputs === 0
          ? `holds no dependencies: ${listSome(products.map((p) => p.label))} ${products.length === 1 ? 'has' : 'have'} no input ports`
          : `holds no dependencies: none of the ${plural(inputs, 'input port')}' contracts (${listSome([...new Set(products.flatMap((p) => p.inputs.map((i) => i.contractId ?? '?')))], 4)}) is provided by an output port of another data product in the files given. Read the producing products' ODPS files together with ${products.length === 1 ? 'it' : 'them'}`,
      );
    }
    return { rows, problems, notes };
  },
};
