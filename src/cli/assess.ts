// mesh-readiness: the same engine from the command line.
//   exit 0  every row accepted
//   exit 3  some rows rejected (each on stderr as file:line: reason); output written from the valid rows
//   exit 2  usage error or an unreadable file; nothing written
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Assessment } from '../engine/assessment.ts';
import { openNodeConnector } from '../engine/db/node.ts';
import { InputFileError, type InputKind } from '../engine/inputs.ts';
import { textSummary } from './summary.ts';

const USAGE = `Usage: mesh-readiness [--deployments F] [--dependencies F] [--answers F] [--questions F]
                      [--ownership F] [--engineers N] [--domains N] [--assessed-at ISO] [--json OUT]
At least one input file. Files are the canonical CSVs described in the README.`;

// Loaded in this order: answers are checked against the question bank.
const FILE_FLAGS: readonly InputKind[] = ['questions', 'ownership', 'deployments', 'dependencies', 'answers'];

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        deployments: { type: 'string' },
        dependencies: { type: 'string' },
        answers: { type: 'string' },
        questions: { type: 'string' },
        ownership: { type: 'string' },
        engineers: { type: 'string' },
        domains: { type: 'string' },
        'assessed-at': { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const files = FILE_FLAGS.flatMap((kind) => (args[kind] ? [{ kind, path: args[kind] }] : []));
  if (files.length === 0) throw new UsageError('give at least one input file');
  const engineers = wholeNumber('--engineers', args.engineers);
  const domains = wholeNumber('--domains', args.domains);
  const assessedAt = args['assessed-at'] ? new Date(args['assessed-at']) : new Date();
  if (Number.isNaN(assessedAt.getTime())) throw new UsageError('--assessed-at must be an ISO 8601 time');

  // Read every file before loading any, so that an unreadable one writes nothing.
  const inputs = await Promise.all(
    files.map(async ({ kind, path }) => {
      try {
        return { kind, path, bytes: new Uint8Array(await readFile(path)) };
      } catch (error) {
        throw new InputFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }),
  );

  const assessment = await Assessment.open(await openNodeConnector());
  let rejected = 0;
  for (const { kind, path, bytes } of inputs) {
    const staged = await assessment.stage(kind, { name: basename(path), bytes }, { problemLimit: Infinity });
    for (const problem of staged.problems) process.stderr.write(`${path}:${problem.line}: ${problem.reason}\n`);
    for (const warning of staged.warnings) process.stderr.write(`${path}: warning: ${warning}\n`);
    rejected += staged.problemCount;
    await assessment.commit(staged);
  }
  await assessment.setProfile({ engineers, domainCountOverride: domains });
  const metrics = await assessment.metrics(assessedAt);
  await assessment.close();

  if (args.json) await writeFile(args.json, `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(textSummary(metrics));
  if (rejected > 0) {
    process.stderr.write(`${rejected} ${rejected === 1 ? 'row was' : 'rows were'} rejected; figures use the valid rows\n`);
    return 3;
  }
  return 0;
}

function wholeNumber(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, not "${value}"`);
  return Number(value);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`mesh-readiness: ${error.message}\n${USAGE}\n`);
    else if (error instanceof InputFileError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`mesh-readiness: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
