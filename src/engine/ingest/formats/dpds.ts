// Open Data Mesh's Data Product Descriptor Specification (DPDS, `dataProductDescriptor:`) is
// recognised and refused: its input ports say what they accept (name, version, promises,
// expectations) but DPDS 1.0 has no field naming the data product or output port an input port
// reads from, so a descriptor cannot tell which domains depend on which. (`dependsOn` exists only
// between a product's own internal components.) Port files (`ports/*.json`: a bare name and
// version) carry no mark of the standard at all, so they are not recognised.
import { InputFileError } from '../../inputs.ts';
import type { FormatAdapter, FormatFile, FormatResult } from '../format.ts';
import { fieldsOf, head, isFields, readJson, readYaml, textOf, firstChar } from './structured-input.ts';

const DPDS = /["']?dataProductDescriptor["']?\s*:/;

export const dpds: FormatAdapter = {
  id: 'dpds',
  label: 'Data Product Descriptor (DPDS)',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      return DPDS.test(head(file));
    } catch {
      return false;
    }
  },
  read(files: readonly FormatFile[]): FormatResult {
    const file = files[0];
    if (!file) throw new InputFileError('DPDS descriptor', 'no file given');
    const data = firstChar(file.text) === '{' ? readJson(file) : readYaml(file)[0]?.data;
    const info = isFields(data) ? fieldsOf(data, 'info') : null;
    const name = info ? (textOf(info, 'name') ?? textOf(info, 'fullyQualifiedName')) : null;
    const domain = info ? textOf(info, 'domain') : null;
    throw new InputFileError(
      file.name,
      `is an Open Data Mesh product descriptor (DPDS)${name !== null ? ` for ${name}${domain !== null ? ` of ${domain}` : ''}` : ''}. Its input ports say what they accept but not which data product they read from (DPDS has no field for it), so it cannot tell which domains depend on which and is not loaded. Give the dependencies as a dependency CSV or a data product registry`,
    );
  },
};
