// `coordinated_with` may name a service or repository the ownership map knows: it stands for
// its owner's domain (CI systems name projects, not domains). README "Choices".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fresh, load, metrics, openEngine, type Engine } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(() => engine.close());
beforeEach(() => fresh(engine.a));

describe('coordinated_with naming services', () => {
  it('resolves a known service to its domain; an unknown name is a domain name', async () => {
    const { a } = engine;
    await load(a, 'ownership', `
      service,domain
      group/payments-api,Payments
      group/checkout-web,Checkout
    `);
    // r1: Checkout, partner payments-api → Payments ≠ Checkout → coordinated.
    // r2: Checkout, partner checkout-web → Checkout itself → independent.
    // r3: Checkout, partner "Billing" (not a service) → the domain billing → coordinated.
    // r4: Checkout, partner "checkout" → its own domain → independent.
    // Checkout: 2 independent of 4 → 0.5.
    await load(a, 'deployments', `
      deployed_at,domain,coordinated_with
      2026-01-05T10:00:00Z,Checkout,group/payments-api
      2026-01-05T11:00:00Z,Checkout,group/checkout-web
      2026-01-05T12:00:00Z,Checkout,Billing
      2026-01-05T13:00:00Z,Checkout,checkout
    `);
    const m = await metrics(a);
    expect(m.autonomy.by_domain.checkout).toEqual({ ratio: 0.5, independent: 2, total: 4 });
  });
});
