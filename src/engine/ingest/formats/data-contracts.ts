// Data contracts — Open Data Contract Standard (bitol-io ODCS, `kind: DataContract`) and the
// Data Contract Specification (`dataContractSpecification:`) — are recognised and refused: a data
// contract describes one data set (its schema, quality, servers and terms), not which domains
// depend on which. The reason names the contract so the user knows what was dropped.
import { InputFileError } from '../../inputs.ts';
import type { FormatAdapter, FormatFile, FormatResult } from '../format.ts';
import { fieldsOf, head, isFields, readYaml, textOf } from './structured-input.ts';

const ODCS = /^\s*["']?kind["']?\s*:\s*["']?DataContract["']?\s*,?\s*(?:#.*)?$/m;
const DCS = /^\s*["']?dataContractSpecification["']?\s*:/m;

export const dataContracts: FormatAdapter = {
  id: 'data-contract',
  label: 'Data contract',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      const start = head(file);
      return ODCS.test(start) || DCS.test(start);
    } catch {
      return false;
    }
  },
  read(files: readonly FormatFile[]): FormatResult {
    const file = files[0];
    if (!file) throw new InputFileError('data contract', 'no file given');
    const data = readYaml(file)[0]?.data;
    const standard = DCS.test(head(file)) ? 'a Data Contract Specification contract' : 'an Open Data Contract Standard (ODCS) contract';
    const what: string[] = [];
    if (isFields(data)) {
      const info = fieldsOf(data, 'info');
      const name = (info ? textOf(info, 'title') : null) ?? textOf(data, 'dataProduct') ?? textOf(data, 'name') ?? textOf(data, 'id');
      const owner = textOf(data, 'domain') ?? (info ? textOf(info, 'owner') : null);
      if (name !== null) what.push(name);
      if (owner !== null) what.push(`of ${owner}`);
    }
    throw new InputFileError(
      file.name,
      `is ${standard}${what.length > 0 ? ` (${what.join(' ')})` : ''}. A data contract describes one data set — its schema, quality and terms — not dependencies between domains, so it is not loaded. Give the data products' dependencies instead: ODPS product files with input ports, a data product registry, or a dependency CSV`,
    );
  },
};
