// Every real file under test/fixtures/real/dependencies/ (copied from ../shared/fixtures/real/,
// see SOURCES.md) is recognised by the formats that should claim it, and read on the real engine:
// loaded (with how many rows) or refused with a reason a user understands. A file added to the
// folder without a decision here fails the first test.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPENDENCY_FORMATS } from '../../../src/engine/ingest/formats/dependency-formats.ts';
import { FORMATS } from '../../../src/engine/ingest/formats/index.ts';
import { InputFileError } from '../../../src/engine/inputs.ts';
import { type Engine, openEngine } from '../helpers.ts';
import { REAL, REAL_DEPENDENCIES, fileAt, formatFile, realInput, walk } from './format-helpers.ts';

interface Read {
  format: string;
  /** Rows loaded, or the reason the files are refused. */
  accepted?: number;
  refused?: RegExp;
}

interface Case {
  /** A folder (all its files read together) or one file, under dependencies/. */
  path: string;
  /** The formats that recognise each of its files. */
  claimedBy: string[];
  reads: Read[];
  why: string;
}

const BACKSTAGE = ['backstage-catalog', 'backstage-ownership'];

const CASES: Case[] = [
  {
    path: 'backstage/catalog-model-examples',
    claimedBy: BACKSTAGE,
    reads: [{ format: 'backstage-catalog', accepted: 1 }, { format: 'backstage-ownership', accepted: 27 }],
    why: 'a Backstage catalog in 26 files: one consumesApis edge; 27 ownership names (backstage.test.ts works them out)',
  },
  {
    path: 'backstage/rhdh-showcase',
    claimedBy: BACKSTAGE,
    reads: [{ format: 'backstage-catalog', accepted: 5 }, { format: 'backstage-ownership', accepted: 14 }],
    why: 'a catalog with Location files: five dependsOn edges; ownership incl. the project slug',
  },
  {
    path: 'backstage/create-app-0.9.2',
    claimedBy: BACKSTAGE,
    reads: [
      { format: 'backstage-catalog', refused: /holds no dependencies: it names no dependsOn, dependencyOf or consumesApis/ },
      { format: 'backstage-ownership', accepted: 3 },
    ],
    why: 'a new app\'s catalog names no dependency: refused as a dependency export, loaded as an ownership map',
  },
  {
    path: 'dbt/jaffle_shop-dbt1.8.2-manifest-v12.json',
    claimedBy: ['dbt-manifest'],
    reads: [{ format: 'dbt-manifest', accepted: 8 }],
    why: 'a real dbt manifest: 8 depends_on edges',
  },
  {
    path: 'openlineage/marquez-apples',
    claimedBy: ['openlineage-events'],
    reads: [{ format: 'openlineage-events', accepted: 9 }],
    why: 'eight run events read together: 9 edges',
  },
  {
    path: 'openlineage/spec-examples/client-python-example_full_event.json',
    claimedBy: ['openlineage-events'],
    reads: [{ format: 'openlineage-events', refused: /holds no dependencies: 1 event of 1 job, and no job reads a dataset that another job writes/ }],
    why: 'a real event, but its one job reads the table it writes: no dependency',
  },
  {
    path: 'openlineage/spec-examples/OwnershipJobFacet-1.json',
    claimedBy: ['openlineage-events'],
    reads: [{ format: 'openlineage-events', refused: /is an OpenLineage facet \(ownership\) on its own: a part of an event, not a run event/ }],
    why: 'a facet fragment is not an event',
  },
  {
    path: 'openlineage/spec-examples/OwnershipDatasetFacet-1.json',
    claimedBy: ['openlineage-events'],
    reads: [{ format: 'openlineage-events', refused: /is an OpenLineage facet \(ownership\) on its own/ }],
    why: 'a facet fragment is not an event',
  },
  {
    path: 'openlineage/spec-examples/ParentRunFacet-2.json',
    claimedBy: ['openlineage-events'],
    reads: [{ format: 'openlineage-events', refused: /is an OpenLineage facet \(parent\) on its own/ }],
    why: 'a facet fragment is not an event',
  },
  {
    path: 'data-products/odps/customer-data-product.odps.yaml',
    claimedBy: ['odps'],
    reads: [{ format: 'odps', refused: /none of the 4 input ports' contracts .* is provided by an output port of another data product in the files given/ }],
    why: 'one product alone: its input ports need the producing products (data-products.test.ts reads it with one)',
  },
  {
    path: 'data-products/dpds/tripexecution-data-product-descriptor.json',
    claimedBy: ['dpds'],
    reads: [{ format: 'dpds', refused: /Open Data Mesh product descriptor \(DPDS\) for tripExecution of Transport Management\. Its input ports say what they accept but not which data product they read from/ }],
    why: 'DPDS input ports do not say which product they read: no dependency between domains',
  },
  {
    path: 'data-products/dpds/tripexecution-ports-trip-tms-iport.json',
    claimedBy: [],
    reads: [],
    why: 'a bare {"name", "version"} object: nothing marks it as any format, so no format claims it (the drop zone says it is not recognised)',
  },
  {
    path: 'datahub/file_lineage.yml',
    claimedBy: ['datahub'],
    reads: [{ format: 'datahub', refused: /DataHub file-based lineage: it links datasets to their upstream datasets but names no domain or owner/ }],
    why: 'dataset lineage without domains or owners',
  },
  {
    path: 'datahub/test_domains.json',
    claimedBy: ['datahub'],
    reads: [{ format: 'datahub', refused: /DataHub metadata change proposals: it sets aspects of entities one by one/ }],
    why: 'domain assignments, no dependencies',
  },
  {
    path: 'data-contracts/odcs/full-example.odcs.yaml',
    claimedBy: ['data-contract'],
    reads: [{ format: 'data-contract', refused: /Open Data Contract Standard \(ODCS\) contract \(my quantum of seller\)\. A data contract describes one data set/ }],
    why: 'a data contract describes one data set, not dependencies between domains',
  },
  {
    path: 'data-contracts/datacontract-spec/orders-latest.datacontract.yaml',
    claimedBy: ['data-contract'],
    reads: [{ format: 'data-contract', refused: /Data Contract Specification contract \(Orders Latest of Checkout Team\)\. A data contract describes one data set/ }],
    why: 'a data contract describes one data set, not dependencies between domains',
  },
];

const ALL = walk(REAL_DEPENDENCIES).map((p) => path.relative(REAL_DEPENDENCIES, p).split(path.sep).join('/')).sort();
const covers = (c: Case, file: string) => file === c.path || file.startsWith(`${c.path}/`);

const filesOf = (c: Case) => realInput(c.path);

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('every real dependency file', () => {
  it('has exactly one decision in the table', () => {
    // Backstage 26 + 13 + 2, dbt 1, OpenLineage 8 + 4, data products 1 + 2, DataHub 2, contracts 2.
    expect(ALL.length).toBe(61);
    for (const file of ALL) {
      expect(CASES.filter((c) => covers(c, file)).map((c) => c.path), file).toHaveLength(1);
    }
  });

  describe.each(CASES)('$path', (c) => {
    it(`is recognised by ${c.claimedBy.join(' and ') || 'no format'} (${c.why})`, () => {
      for (const file of filesOf(c)) {
        const f = formatFile(file);
        // Checked against every format the engine has (deployment and survey formats too): no
        // other format may claim a dependency file.
        expect(FORMATS.filter((a) => a.recognise(f)).map((a) => a.id), file.name).toEqual(c.claimedBy);
      }
    });

    it.each(c.reads)('read as $format', async (read) => {
      const adapter = DEPENDENCY_FORMATS.find((a) => a.id === read.format)!;
      const files = filesOf(c);
      if (read.refused) {
        const error = await engine.a.stageFormat(adapter, files).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputFileError);
        expect((error as InputFileError).reason).toMatch(read.refused);
      } else {
        const staged = await engine.a.stageFormat(adapter, files);
        expect(staged.accepted).toBe(read.accepted);
        expect(staged.problems).toEqual([]);
        await engine.a.discard(staged);
      }
    });
  });
});

describe('the dependency formats claim no other input', () => {
  it('no deployment log, survey export or canonical CSV of the fixtures is recognised', () => {
    const others = walk(REAL)
      .filter((p) => !p.startsWith(REAL_DEPENDENCIES))
      .concat(walk(path.join(REAL, '..', 'small')), walk(path.join(REAL, '..', 'ui')))
      .filter((p) => !p.endsWith('.md'));
    expect(others.length).toBeGreaterThan(10);
    for (const p of others) {
      const file = formatFile(fileAt(p));
      const claimed = DEPENDENCY_FORMATS.filter((a) => a.recognise(file)).map((a) => a.id);
      expect(claimed, p).toEqual([]);
    }
  });
});
