// Writes schema/metrics.schema.json from the zod schema (npm run schema). A test fails when
// the committed file and the zod schema disagree.
import { writeFileSync } from 'node:fs';
import { metricsJsonSchema } from '../src/engine/metrics-schema.ts';

const target = new URL('../schema/metrics.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(metricsJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
