// The dependency formats the engine reads (see ./index.ts). Each recognises its own files only;
// the last three recognise formats that hold no dependencies between domains and refuse them
// with the reason.
import type { FormatAdapter } from '../format.ts';
import { backstageCatalog } from './backstage-catalog.ts';
import { backstageOwnership } from './backstage-ownership.ts';
import { dataContracts } from './data-contracts.ts';
import { dataProductRegistry } from './data-product-registry.ts';
import { dataHub } from './datahub.ts';
import { dbtManifest } from './dbt-manifest.ts';
import { dpds } from './dpds.ts';
import { odps } from './odps.ts';
import { openLineageEvents } from './openlineage-events.ts';

export const DEPENDENCY_FORMATS: readonly FormatAdapter[] = [
  backstageCatalog,
  backstageOwnership,
  dbtManifest,
  openLineageEvents,
  dataProductRegistry,
  odps,
  dpds,
  dataHub,
  dataContracts,
];
