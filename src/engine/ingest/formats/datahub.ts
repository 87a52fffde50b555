// DataHub exports are recognised and refused:
//   - file-based lineage (`version: 1`, `lineage: [{entity, upstream}]`) links datasets to their
//     upstream datasets but names no domain or owner for any of them;
//   - metadata change proposals/events (`entityUrn: urn:li:…`, `aspectName`) set aspects of
//     entities one by one (a domain's properties, a dataset's domain), not dependencies.
// Neither says which domains depend on which.
import { InputFileError } from '../../inputs.ts';
import type { FormatAdapter, FormatFile, FormatResult } from '../format.ts';
import { head } from './structured-input.ts';

const FILE_LINEAGE = [/^\s*version\s*:\s*["']?1["']?\s*$/m, /^lineage\s*:\s*$/m, /^\s*-?\s*entity\s*:\s*$/m];
const CHANGE_PROPOSALS = /"entityUrn"\s*:\s*"urn:li:|"proposedSnapshot"\s*:\s*\{\s*"com\.linkedin\./;

export const dataHub: FormatAdapter = {
  id: 'datahub',
  label: 'DataHub export',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      const start = head(file);
      return FILE_LINEAGE.every((p) => p.test(start)) || CHANGE_PROPOSALS.test(start);
    } catch {
      return false;
    }
  },
  read(files: readonly FormatFile[]): FormatResult {
    const file = files[0];
    if (!file) throw new InputFileError('DataHub export', 'no file given');
    if (CHANGE_PROPOSALS.test(head(file))) {
      throw new InputFileError(
        file.name,
        'is a list of DataHub metadata change proposals: it sets aspects of entities one by one (here domains and the domain of a dataset), not dependencies between domains, so it is not loaded. Export lineage with owners instead (OpenLineage events with ownership facets) or a dependency CSV',
      );
    }
    throw new InputFileError(
      file.name,
      "is DataHub file-based lineage: it links datasets to their upstream datasets but names no domain or owner for any of them, so it cannot tell which domains depend on which and is not loaded. Export lineage with owners instead (OpenLineage events with ownership facets) or a dependency CSV",
    );
  },
};
