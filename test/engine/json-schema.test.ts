import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricsJsonSchema } from '../../src/engine/metrics-schema.ts';

describe('the published JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync('schema/metrics.schema.json', 'utf8'));
    expect(committed).toEqual(metricsJsonSchema());
  });
});
