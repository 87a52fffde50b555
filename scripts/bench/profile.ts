/**
 * The engine's stages in Node on one generated organisation, without a browser: a quick look at
 * where an import's time goes while changing the SQL (the full figures come from `npm run bench`).
 *
 *   tsx scripts/bench/profile.ts [--size 1M] [--engine wasm|native] [--kinds deployments]
 */
import { closeRunners, demoFiles, filesOf, runNodeEngine, type NodeEngine } from './node-engines.ts';
import { generateOrganisation, SIZES } from './generate.ts';
import type { InputKind } from '../../src/engine/inputs.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1]! : fallback;
};
const size = option('--size', '1M');
const engine = option('--engine', 'wasm') as NodeEngine;
const kinds = option('--kinds', 'ownership,deployments,dependencies,answers').split(',') as InputKind[];

const org = await generateOrganisation(SIZES[size]!);
const run = await runNodeEngine(engine, filesOf(org, kinds), org.engineers, { splitRefresh: true, warmup: demoFiles() });
const ms = (n: number) => `${Math.round(n)} ms`.padStart(9);
for (const i of run.imports) {
  console.log(`\n${i.kind} (${i.staged.rows} rows)`);
  for (const [phase, t] of Object.entries(i.phases)) console.log(`  ${phase.padEnd(34)}${ms(t)}`);
  for (const [step, t] of Object.entries(i.steps)) if (t >= 5) console.log(`    ${step.padEnd(32)}${ms(t)}`);
}
console.log(`\nrecompute after a change of Engineers: ${Object.entries(run.recompute).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(', ')}`);
await closeRunners();
