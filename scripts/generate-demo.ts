/**
 * Writes the built-in demo organisation "Northwind Commerce" (fictional) into static/demo/.
 *
 * Run with `npm run demo:generate`. The output is byte-for-byte deterministic: every random
 * choice comes from a seeded PRNG (mulberry32) and every date is fixed, so the committed files
 * can be regenerated and diffed. Each file has its own PRNG stream, so tuning one file does not
 * reshuffle the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { writeDemoSnapshot } from './demo-snapshot.ts';
import { mulberry32 } from './mulberry32.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` writes elsewhere (the test that checks the committed demo is reproducible).
const outFlag = process.argv.indexOf('--out');
const OUT_DIR = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : path.join(ROOT, 'static', 'demo');
const QUESTION_BANK = path.join(ROOT, 'src', 'engine', 'builtin', 'question-bank.csv');

const ORGANISATION = 'Northwind Commerce';
const ENGINEERS = 180;
const ASSESSED_AT = '2026-10-05T09:00:00Z';

/** Monday 2026-04-06 (ISO week 2026-W15): 26 full weeks end before Monday 2026-10-05. */
const PERIOD_START_MS = Date.UTC(2026, 3, 6);
const WEEKS = 26;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const PERIOD_END_MS = PERIOD_START_MS + WEEKS * WEEK_MS;

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let roll = this.next() * total;
    for (const item of items) {
      roll -= weight(item);
      if (roll < 0) return item;
    }
    return at(items, items.length - 1);
  }

  /** Normal deviate (Box-Muller); 1 - u keeps the logarithm finite. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [at(out, j), at(out, i)];
    }
    return out;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

/** Index access that fails loudly instead of yielding undefined. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range (length ${items.length})`);
  return item;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

// ---------------------------------------------------------------------------------------------
// The organisation
// ---------------------------------------------------------------------------------------------

type Pillar = 'domain_ownership' | 'data_as_product' | 'self_serve_platform' | 'federated_governance';

/** How a team's CI writes timestamps: UTC with Z, local time with its offset, or UTC with a space. */
type ClockStyle = 'utc' | 'offset' | 'space';

interface DomainSpec {
  label: string;
  /** Domain key as SPEC defines it, used for respondent ids. */
  slug: string;
  /** Project key of the team's ticket tracker; change ids look like `CHK-1234`. */
  ticketKey: string;
  services: string[];
  tables: string[];
  events: string[];
  models: string[];
  /** Deployment slots per week before growth and holidays. */
  weeklyDeploys: number;
  /** Probability of an independent deployment in the first and in the last week. */
  autonomy: readonly [start: number, end: number];
  /** Domains this team most often has to release together with (labels). */
  partners: string[];
  /** Team's UTC offset in minutes (sets its working hours) and how its CI writes times. */
  utcOffsetMinutes: number;
  clock: ClockStyle;
  /** Relative propensity to consume from others / to be consumed from. */
  fanOut: number;
  fanIn: number;
  /** Where the domain's respondents place it, 0-100 per pillar, before noise. */
  maturity: Record<Pillar, number>;
  /** Other spellings of the domain name that some exports use. */
  aliases: string[];
}

type DomainSeed = Omit<DomainSpec, 'slug'>;

const CEST = 120; // Most teams sit in central Europe; the period is summer time.

const DOMAIN_SEEDS: DomainSeed[] = [
  {
    label: 'Checkout', ticketKey: 'CHK',
    services: ['checkout-api', 'cart-service', 'checkout-web', 'order-service', 'promo-engine'],
    tables: ['checkout.completed_orders', 'checkout.carts'], events: ['checkout.order_placed'],
    models: ['fct_orders', 'stg_checkout_sessions'],
    weeklyDeploys: 92, autonomy: [0.46, 0.74], partners: ['Payments', 'Pricing', 'Inventory'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 1.3, fanIn: 1.2,
    maturity: { domain_ownership: 65, data_as_product: 56, self_serve_platform: 38, federated_governance: 36 },
    aliases: [],
  },
  {
    label: 'Payments', ticketKey: 'PAY',
    services: ['payments-api', 'payment-gateway', 'fraud-scoring', 'refund-service'],
    tables: ['payments.transactions', 'payments.refunds'], events: ['payments.payment_captured'],
    models: ['fct_payments'],
    weeklyDeploys: 56, autonomy: [0.32, 0.58], partners: ['Checkout', 'Finance', 'Customer Identity'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 0.9, fanIn: 1.4,
    maturity: { domain_ownership: 59, data_as_product: 55, self_serve_platform: 35, federated_governance: 48 },
    aliases: [],
  },
  {
    label: 'Customer Identity', ticketKey: 'CID',
    services: ['identity-api', 'auth-service', 'profile-service', 'consent-service'],
    tables: ['customer_identity.customer_profile', 'customer_identity.consents'],
    events: ['customer.registered'], models: ['dim_customer'],
    weeklyDeploys: 52, autonomy: [0.40, 0.66], partners: ['Checkout', 'Marketing', 'Customer Support'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 0.4, fanIn: 3.2,
    maturity: { domain_ownership: 62, data_as_product: 58, self_serve_platform: 36, federated_governance: 46 },
    aliases: ['customer_identity', 'customer-identity', 'Customer identity'],
  },
  {
    label: 'Catalog', ticketKey: 'CAT',
    services: ['catalog-api', 'product-service', 'media-service', 'taxonomy-service', 'catalog-importer'],
    tables: ['catalog.products', 'catalog.categories'], events: ['catalog.product_updated'],
    models: ['dim_product'],
    weeklyDeploys: 66, autonomy: [0.56, 0.80], partners: ['Search', 'Pricing', 'Inventory'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 0.6, fanIn: 3.0,
    maturity: { domain_ownership: 69, data_as_product: 60, self_serve_platform: 40, federated_governance: 38 },
    aliases: ['catalog', 'CATALOG'],
  },
  {
    label: 'Search', ticketKey: 'SRCH',
    services: ['search-api', 'search-indexer', 'query-understanding'],
    tables: ['search.query_log'], events: ['search.search_performed'], models: ['fct_search_sessions'],
    weeklyDeploys: 80, autonomy: [0.82, 0.94], partners: ['Catalog', 'Recommendations'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 1.1, fanIn: 0.5,
    maturity: { domain_ownership: 77, data_as_product: 55, self_serve_platform: 42, federated_governance: 32 },
    aliases: [],
  },
  {
    label: 'Pricing', ticketKey: 'PRC',
    services: ['pricing-api', 'price-engine', 'promotion-rules', 'competitor-feed'],
    tables: ['pricing.price_history', 'pricing.promotions'], events: ['pricing.price_changed'],
    models: ['dim_price'],
    weeklyDeploys: 46, autonomy: [0.44, 0.70], partners: ['Catalog', 'Checkout', 'Finance'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 1.2, fanIn: 1.0,
    maturity: { domain_ownership: 59, data_as_product: 48, self_serve_platform: 35, federated_governance: 30 },
    aliases: [],
  },
  {
    label: 'Inventory', ticketKey: 'INV',
    services: ['inventory-api', 'stock-service', 'warehouse-sync', 'replenishment-planner'],
    tables: ['inventory.stock_levels', 'inventory.stock_movements'], events: ['inventory.stock_changed'],
    models: ['fct_stock_daily'],
    weeklyDeploys: 50, autonomy: [0.38, 0.64], partners: ['Fulfilment', 'Catalog', 'Checkout'],
    utcOffsetMinutes: CEST, clock: 'offset', fanOut: 0.9, fanIn: 1.2,
    maturity: { domain_ownership: 55, data_as_product: 46, self_serve_platform: 34, federated_governance: 30 },
    aliases: [],
  },
  {
    label: 'Fulfilment', ticketKey: 'FUL',
    services: ['fulfilment-api', 'picking-service', 'packing-service', 'order-router', 'returns-service'],
    tables: ['fulfilment.shipments_out', 'fulfilment.returns'], events: ['fulfilment.order_shipped'],
    models: ['fct_fulfilment_sla'],
    weeklyDeploys: 42, autonomy: [0.28, 0.50], partners: ['Inventory', 'Logistics', 'Payments'],
    utcOffsetMinutes: CEST, clock: 'offset', fanOut: 1.3, fanIn: 0.9,
    maturity: { domain_ownership: 43, data_as_product: 40, self_serve_platform: 30, federated_governance: 28 },
    aliases: [],
  },
  {
    label: 'Logistics', ticketKey: 'LOG',
    services: ['logistics-api', 'shipment-tracking', 'carrier-gateway', 'route-planner'],
    tables: ['logistics.shipment_tracking', 'logistics.carrier_rates'],
    events: ['logistics.shipment_delivered'], models: ['fct_deliveries'],
    weeklyDeploys: 46, autonomy: [0.40, 0.64], partners: ['Fulfilment', 'Customer Support'],
    utcOffsetMinutes: CEST, clock: 'offset', fanOut: 1.0, fanIn: 0.8,
    maturity: { domain_ownership: 57, data_as_product: 52, self_serve_platform: 36, federated_governance: 30 },
    aliases: [],
  },
  {
    label: 'Marketing', ticketKey: 'MKT',
    services: ['campaign-service', 'email-sender', 'attribution-service', 'segment-builder', 'marketing-web'],
    tables: ['marketing.campaigns', 'marketing.email_events'], events: ['marketing.campaign_sent'],
    models: ['fct_campaign_performance', 'mart_customer_segments'],
    weeklyDeploys: 60, autonomy: [0.46, 0.72], partners: ['Customer Identity', 'Recommendations'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 2.8, fanIn: 0.4,
    maturity: { domain_ownership: 61, data_as_product: 44, self_serve_platform: 33, federated_governance: 26 },
    aliases: [],
  },
  {
    // The support team works from Toronto, so its working hours fall late in the UTC day.
    label: 'Customer Support', ticketKey: 'SUP',
    services: ['support-desk', 'ticket-router', 'chat-service'],
    tables: ['support.tickets'], events: ['support.ticket_closed'], models: ['fct_ticket_resolution'],
    weeklyDeploys: 32, autonomy: [0.46, 0.70], partners: ['Customer Identity', 'Fulfilment'],
    utcOffsetMinutes: -240, clock: 'utc', fanOut: 1.3, fanIn: 0.4,
    maturity: { domain_ownership: 53, data_as_product: 42, self_serve_platform: 32, federated_governance: 28 },
    aliases: ['customer_support'],
  },
  {
    // Finance still deploys from an old Jenkins that writes "YYYY-MM-DD HH:MM:SS" in UTC.
    label: 'Finance', ticketKey: 'FIN',
    services: ['ledger-service', 'invoicing-service', 'finance-reporting', 'reconciliation-job', 'tax-service', 'payout-service'],
    tables: ['finance.general_ledger', 'finance.invoices'], events: ['finance.invoice_issued'],
    models: ['fct_revenue', 'mart_finance_kpis'],
    weeklyDeploys: 30, autonomy: [0.26, 0.50], partners: ['Payments', 'Fulfilment', 'Data Platform'],
    utcOffsetMinutes: CEST, clock: 'space', fanOut: 3.0, fanIn: 0.3,
    maturity: { domain_ownership: 41, data_as_product: 46, self_serve_platform: 28, federated_governance: 40 },
    aliases: [],
  },
  {
    label: 'Data Platform', ticketKey: 'DPL',
    services: ['platform-api', 'ingestion-service', 'orchestrator', 'data-catalog', 'dbt-runner', 'access-gateway'],
    tables: ['platform.dim_date', 'platform.currency_rates'], events: ['platform.dataset_published'],
    models: ['dim_calendar', 'dim_currency'],
    weeklyDeploys: 56, autonomy: [0.44, 0.68], partners: ['Finance', 'Marketing', 'Catalog'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 0.7, fanIn: 2.8,
    // The platform team rates its own platform far higher than its users do.
    maturity: { domain_ownership: 67, data_as_product: 54, self_serve_platform: 62, federated_governance: 44 },
    aliases: ['data_platform', 'data-platform'],
  },
  {
    label: 'Recommendations', ticketKey: 'REC',
    services: ['reco-api', 'reco-model-trainer', 'feature-store-sync', 'reco-ab-testing'],
    tables: ['recommendations.user_affinities'], events: ['recommendations.reco_served'],
    models: ['fct_reco_clicks'],
    weeklyDeploys: 70, autonomy: [0.80, 0.93], partners: ['Search', 'Marketing'],
    utcOffsetMinutes: CEST, clock: 'utc', fanOut: 1.6, fanIn: 0.5,
    maturity: { domain_ownership: 75, data_as_product: 52, self_serve_platform: 44, federated_governance: 30 },
    aliases: [],
  },
];

/** SPEC's domain key: lower-cased, trimmed, runs of white space, `_` and `-` become one `-`. */
function domainKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '-');
}

function buildDomains(): DomainSpec[] {
  const domains = DOMAIN_SEEDS.map((seed) => ({ ...seed, slug: domainKey(seed.label) }));
  const labels = new Set(domains.map((d) => d.label));
  for (const domain of domains) {
    for (const partner of domain.partners) {
      if (!labels.has(partner) || partner === domain.label) {
        throw new Error(`${domain.label}: bad partner ${partner}`);
      }
    }
  }
  return domains;
}

// ---------------------------------------------------------------------------------------------
// Deployment log
// ---------------------------------------------------------------------------------------------

type Independent = '' | 'true' | 'false';

interface Deployment {
  /** Creation order: breaks ties between equal timestamps deterministically. */
  seq: number;
  atMs: number;
  domain: DomainSpec;
  service: string;
  changeId: string;
  coordinatedWith: string;
  independent: Independent;
  status: string;
  environment: string;
  /** False for the few rows that rely on the ownership map for their domain. */
  writeDomain: boolean;
  /** Coordinated, to be given a release id shared with other domains. */
  pooled: boolean;
}

interface DeploymentRow {
  deployment_id: string;
  deployed_at: string;
  domain: string;
  service: string;
  change_id: string;
  coordinated_with: string;
  independent: string;
  status: string;
  environment: string;
}

const DEPLOYMENT_FIELDS = [
  'deployment_id', 'deployed_at', 'domain', 'service', 'change_id',
  'coordinated_with', 'independent', 'status', 'environment',
] as const;

/** Share of deployment slots that fail in production. */
const FAILED_SHARE = 0.045;
/** Share of production deployments preceded by a staging deployment in the log. */
const STAGING_SHARE = 0.09;
/** Re-sent webhooks: identical rows repeated. */
const DUPLICATE_ROWS = 30;
/** Rows whose domain is left empty: the ownership map resolves them through the service. */
const DOMAINLESS_ROWS = 40;
/** Week index (2026-W29) of the summer-sale release train: coupled domains dip that week. */
const RELEASE_TRAIN_WEEK = 14;
const RELEASE_TRAIN_DOMAINS = new Set(['Checkout', 'Payments', 'Pricing', 'Catalog', 'Inventory']);
/** August holidays (2026-W32 to W34) thin out deployments. */
const HOLIDAY_WEEKS = new Set([17, 18, 19]);

/** Local working hours 08-18, weighted to the morning and mid-afternoon peaks. */
const HOUR_WEIGHTS: ReadonlyArray<readonly [hour: number, weight: number]> = [
  [8, 3], [9, 8], [10, 12], [11, 12], [12, 5], [13, 8], [14, 12], [15, 12], [16, 10], [17, 6], [18, 2],
];

/** Deployment volume grows a little as teams decouple; holidays thin it out. */
function weekVolumeFactor(week: number): number {
  const growth = 0.92 + (0.16 * week) / (WEEKS - 1);
  return HOLIDAY_WEEKS.has(week) ? growth * 0.8 : growth;
}

/** Probability that a domain's deployment in a week is independent: a linear improvement. */
function independenceProbability(domain: DomainSpec, week: number, noise: number): number {
  const [start, end] = domain.autonomy;
  const trend = start + ((end - start) * week) / (WEEKS - 1);
  const train = week === RELEASE_TRAIN_WEEK && RELEASE_TRAIN_DOMAINS.has(domain.label) ? -0.2 : 0;
  return clamp(trend + train + noise, 0.02, 0.98);
}

/** A UTC instant during the team's local working hours; a few hot fixes land at weekends. */
function workingTime(rng: Random, week: number, domain: DomainSpec): number {
  const day = rng.chance(0.02) ? rng.int(5, 6) : rng.int(0, 4);
  const [hour] = rng.weighted(HOUR_WEIGHTS, ([, weight]) => weight);
  const localMs =
    PERIOD_START_MS + week * WEEK_MS + day * DAY_MS +
    ((hour * 60 + rng.int(0, 59)) * 60 + rng.int(0, 59)) * 1000;
  return clamp(localMs - domain.utcOffsetMinutes * MINUTE_MS, PERIOD_START_MS, PERIOD_END_MS - 1000);
}

/** 1-2 partner domains, separated as most tools do (`;`) or as some do (`|`). */
function partnerList(rng: Random, domain: DomainSpec): string {
  const count = rng.chance(0.7) ? 1 : 2;
  const partners = rng.shuffle(domain.partners).slice(0, count);
  return partners.join(rng.chance(0.85) ? ';' : '|');
}

/** Ticket ids per domain (`CHK-1234`): never shared between domains by construction. */
class TicketCounter {
  private readonly next = new Map<string, number>();
  private readonly last = new Map<string, string>();

  constructor(private readonly rng: Random) {}

  issue(domain: DomainSpec): string {
    const number = this.next.get(domain.ticketKey) ?? this.rng.int(120, 2400);
    this.next.set(domain.ticketKey, number + this.rng.int(1, 4));
    const id = `${domain.ticketKey}-${number}`;
    this.last.set(domain.ticketKey, id);
    return id;
  }

  /** The domain's previous ticket: one change shipped by two of its services. */
  reuse(domain: DomainSpec): string {
    return this.last.get(domain.ticketKey) ?? this.issue(domain);
  }
}

/**
 * Encodes an independent deployment the ways real logs do: an explicit flag, a ticket of its
 * own, no ticket at all, or a ticket shared only with the same domain.
 */
function encodeIndependent(rng: Random, tickets: TicketCounter, d: Deployment): void {
  if (rng.chance(0.3)) {
    d.independent = 'true';
    d.changeId = rng.chance(0.8) ? tickets.issue(d.domain) : '';
    return;
  }
  const roll = rng.float();
  if (roll < 0.8) d.changeId = tickets.issue(d.domain);
  else if (roll < 0.92) d.changeId = '';
  else d.changeId = tickets.reuse(d.domain);
  // A few tools list the team's own domain; SPEC only counts other domains.
  if (rng.chance(0.005)) d.coordinatedWith = d.domain.label;
}

/**
 * Encodes a coordinated deployment: an explicit `false`, a `coordinated_with` list, or (pooled)
 * a release id that the grouping step shares with other domains' deployments that week.
 */
function encodeCoordinated(rng: Random, tickets: TicketCounter, d: Deployment, poolable: boolean): void {
  const roll = rng.float();
  if (roll < 0.22) {
    d.independent = 'false';
    d.changeId = tickets.issue(d.domain);
    if (rng.chance(0.5)) d.coordinatedWith = partnerList(rng, d.domain);
  } else if (roll < 0.5 || !poolable) {
    d.changeId = tickets.issue(d.domain);
    d.coordinatedWith = partnerList(rng, d.domain);
  } else {
    d.pooled = true;
  }
}

/** One week of one domain's deployments, production successes and failures. */
function domainWeek(rng: Random, tickets: TicketCounter, domain: DomainSpec, week: number, seq: { n: number }): Deployment[] {
  const volume = domain.weeklyDeploys * weekVolumeFactor(week) * (0.9 + 0.2 * rng.float());
  const p = independenceProbability(domain, week, rng.normal(0, 0.03));
  const out: Deployment[] = [];
  for (let i = 0; i < Math.round(volume); i++) {
    const failed = rng.chance(FAILED_SHARE);
    const d: Deployment = {
      seq: seq.n++,
      atMs: workingTime(rng, week, domain),
      domain,
      service: rng.pick(domain.services),
      changeId: '',
      coordinatedWith: '',
      independent: '',
      status: failed ? (rng.chance(0.7) ? 'failed' : 'rolled_back') : 'success',
      environment: 'production',
      writeDomain: true,
      pooled: false,
    };
    // Failures stay out of shared releases: an uncounted partner would change the others' class.
    if (rng.chance(p)) encodeIndependent(rng, tickets, d);
    else encodeCoordinated(rng, tickets, d, !failed);
    out.push(d);
  }
  return out;
}

/**
 * Groups a week's pooled deployments into releases of 2-3 domains sharing one release id,
 * preferring each leader's usual partners and aligning the members' times. A deployment left
 * without a partner from another domain falls back to a `coordinated_with` list.
 */
function groupReleases(rng: Random, tickets: TicketCounter, pooled: Deployment[], releaseSeq: { n: number }): void {
  const waiting = rng.shuffle(pooled);
  while (waiting.length > 0) {
    const leader = waiting.shift() as Deployment;
    const size = rng.chance(0.7) ? 2 : 3;
    const members = [leader];
    while (members.length < size) {
      const taken = new Set(members.map((m) => m.domain.label));
      let index = waiting.findIndex((d) => leader.domain.partners.includes(d.domain.label) && !taken.has(d.domain.label));
      if (index < 0) index = waiting.findIndex((d) => !taken.has(d.domain.label));
      if (index < 0) break;
      members.push(...waiting.splice(index, 1));
    }
    if (members.length === 1) {
      leader.pooled = false;
      leader.changeId = tickets.issue(leader.domain);
      leader.coordinatedWith = partnerList(rng, leader.domain);
      continue;
    }
    const releaseId = `REL-2026-${String(releaseSeq.n++).padStart(4, '0')}`;
    for (const member of members) {
      member.changeId = releaseId;
      if (member !== leader) {
        const shift = rng.int(-90, 90) * MINUTE_MS + rng.int(0, 59) * 1000;
        member.atMs = clamp(leader.atMs + shift, PERIOD_START_MS, PERIOD_END_MS - 1000);
      }
    }
  }
}

/** Staging deployments of the same change shortly before some production ones. */
function stagingPrecursors(rng: Random, production: Deployment[], seq: { n: number }): Deployment[] {
  const out: Deployment[] = [];
  for (const d of production) {
    if (d.status !== 'success' || d.changeId === '' || !rng.chance(STAGING_SHARE)) continue;
    const atMs = d.atMs - rng.int(20, 180) * MINUTE_MS;
    if (atMs < PERIOD_START_MS) continue;
    out.push({ ...d, seq: seq.n++, atMs, environment: 'staging', writeDomain: true });
  }
  return out;
}

/**
 * Leaves the domain empty on a few independent production rows (never a domain's first row, so
 * the label seen first stays the nice one); the ownership map supplies it.
 */
function dropSomeDomains(rng: Random, sorted: Deployment[]): void {
  const seen = new Set<string>();
  const candidates: Deployment[] = [];
  for (const d of sorted) {
    if (!seen.has(d.domain.label)) {
      seen.add(d.domain.label);
      continue;
    }
    const independent = d.independent === 'true' || (d.independent === '' && !d.pooled && d.coordinatedWith === '');
    if (independent && d.status === 'success' && d.environment === 'production') candidates.push(d);
  }
  for (const d of rng.shuffle(candidates).slice(0, DOMAINLESS_ROWS)) d.writeDomain = false;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD?HH:MM:SS` of a Date's UTC fields. */
function wallClock(ms: number, separator: 'T' | ' '): string {
  const t = new Date(ms);
  return (
    `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}${separator}` +
    `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`
  );
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Mostly the team's own clock style; a few rows come through other tools. */
function formatTimestamp(rng: Random, d: Deployment): string {
  const style: ClockStyle = rng.chance(0.95) ? d.domain.clock : rng.pick(['utc', 'offset', 'space'] as const);
  switch (style) {
    case 'utc':
      return `${wallClock(d.atMs, 'T')}Z`;
    case 'space':
      return wallClock(d.atMs, ' ');
    case 'offset': {
      const offset = d.domain.utcOffsetMinutes;
      return `${wallClock(d.atMs + offset * MINUTE_MS, 'T')}${formatOffset(offset)}`;
    }
  }
}

function toRow(rng: Random, d: Deployment, id: string): DeploymentRow {
  return {
    deployment_id: id,
    deployed_at: formatTimestamp(rng, d),
    domain: d.writeDomain ? d.domain.label : '',
    service: d.service,
    change_id: d.changeId,
    coordinated_with: d.coordinatedWith,
    independent: d.independent,
    status: d.status,
    environment: d.environment,
  };
}

/** Opaque, unique webhook ids like `dpl_3f9a0c71be`. */
function uniqueIds(rng: Random, count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(`dpl_${rng.hex(10)}`);
  return [...ids];
}

/** Re-sent webhooks: an identical row appears again a few rows later. */
function insertDuplicates(rng: Random, rows: DeploymentRow[]): DeploymentRow[] {
  const picks = new Set<number>();
  while (picks.size < DUPLICATE_ROWS) picks.add(rng.int(0, rows.length - 10));
  const out: DeploymentRow[] = [];
  const pending: Array<{ row: DeploymentRow; after: number }> = [];
  rows.forEach((row, index) => {
    out.push(row);
    if (picks.has(index)) pending.push({ row: { ...row }, after: index + rng.int(1, 6) });
    for (const p of pending.filter((item) => item.after === index)) out.push(p.row);
  });
  return out;
}

function generateDeployments(domains: DomainSpec[]): DeploymentRow[] {
  const rng = new Random(0x5eed_0001);
  const tickets = new TicketCounter(rng);
  const seq = { n: 0 };
  const releaseSeq = { n: 1 };
  const production: Deployment[] = [];
  for (let week = 0; week < WEEKS; week++) {
    const weekRows = domains.flatMap((domain) => domainWeek(rng, tickets, domain, week, seq));
    groupReleases(rng, tickets, weekRows.filter((d) => d.pooled), releaseSeq);
    production.push(...weekRows);
  }
  const all = [...production, ...stagingPrecursors(rng, production, seq)];
  all.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  dropSomeDomains(rng, all);
  const ids = uniqueIds(rng, all.length);
  const rows = all.map((d, index) => toRow(rng, d, at(ids, index)));
  return insertDuplicates(rng, rows);
}

// ---------------------------------------------------------------------------------------------
// Dependency export
// ---------------------------------------------------------------------------------------------

type EdgeKind = 'table' | 'api' | 'event' | 'dbt-model';

interface Edge {
  from: DomainSpec;
  to: DomainSpec;
  fromAsset: string;
  toAsset: string;
  kind: EdgeKind;
}

interface DependencyRow {
  from_domain: string;
  to_domain: string;
  from_asset: string;
  to_asset: string;
  kind: string;
}

const DEPENDENCY_FIELDS = ['from_domain', 'to_domain', 'from_asset', 'to_asset', 'kind'] as const;
const CROSS_DOMAIN_EDGES = 290;
const SELF_EDGES_PER_DOMAIN: readonly [number, number] = [2, 4];
const DUPLICATE_EDGE_ROWS = 12;

/** Services that expose an API other domains call. */
function apiServices(domain: DomainSpec): string[] {
  return domain.services.filter((s) => /-(api|service|gateway)$/.test(s));
}

/** What a domain offers to consumers, with how often each kind is depended upon. */
function providedAssets(domain: DomainSpec): Array<{ asset: string; kind: EdgeKind; weight: number }> {
  return [
    ...domain.tables.map((asset) => ({ asset, kind: 'table' as const, weight: 3 })),
    ...apiServices(domain).map((asset) => ({ asset, kind: 'api' as const, weight: 2 })),
    ...domain.events.map((asset) => ({ asset, kind: 'event' as const, weight: 2 })),
    ...domain.models.map((asset) => ({ asset, kind: 'dbt-model' as const, weight: 2 })),
  ];
}

/** The consuming side: dbt models read tables and models; services call APIs and read events. */
function consumerAsset(rng: Random, domain: DomainSpec, kind: EdgeKind): string {
  const analytical = kind === 'table' || kind === 'dbt-model';
  if (analytical && domain.models.length > 0 && rng.chance(0.55)) return rng.pick(domain.models);
  return rng.pick(domain.services);
}

function edgeKey(e: Edge): string {
  return [e.from.slug, e.to.slug, e.fromAsset, e.toAsset, e.kind].join('|');
}

function drawEdge(rng: Random, from: DomainSpec, to: DomainSpec): Edge {
  const offered = providedAssets(to).filter((a) => from !== to || !from.services.includes(a.asset));
  const target = rng.weighted(offered, (a) => a.weight);
  let fromAsset = consumerAsset(rng, from, target.kind);
  if (fromAsset === target.asset) fromAsset = rng.pick(from.models.length > 0 ? from.models : from.services);
  return { from, to, fromAsset, toAsset: target.asset, kind: target.kind };
}

/** Cross-domain edges drawn by fan-out x fan-in propensity, then a few self-edges per domain. */
function generateEdges(rng: Random, domains: DomainSpec[]): Edge[] {
  const edges = new Map<string, Edge>();
  let attempts = 0;
  while (edges.size < CROSS_DOMAIN_EDGES) {
    if (++attempts > 100_000) throw new Error('cannot draw enough distinct edges');
    const from = rng.weighted(domains, (d) => d.fanOut);
    const to = rng.weighted(domains.filter((d) => d !== from), (d) => d.fanIn);
    const edge = drawEdge(rng, from, to);
    edges.set(edgeKey(edge), edge);
  }
  for (const domain of domains) {
    const wanted = edges.size + rng.int(...SELF_EDGES_PER_DOMAIN);
    for (let tries = 0; edges.size < wanted && tries < 50; tries++) {
      const edge = drawEdge(rng, domain, domain);
      if (edge.fromAsset !== edge.toAsset) edges.set(edgeKey(edge), edge);
    }
  }
  return [...edges.values()];
}

/**
 * Writes the rows in export order with the quirks real exports have: a few rows without
 * from_domain where from_asset is a mapped service, other spellings of some domain names after
 * the nice label has appeared, and some edges exported twice.
 */
function dependencyRows(rng: Random, domains: DomainSpec[], edges: Edge[]): DependencyRow[] {
  const order = (d: DomainSpec) => domains.indexOf(d);
  const sorted = [...edges].sort(
    (a, b) =>
      order(a.from) - order(b.from) || order(a.to) - order(b.to) ||
      a.fromAsset.localeCompare(b.fromAsset) || a.toAsset.localeCompare(b.toAsset),
  );
  const seen = new Set<string>();
  const spell = (d: DomainSpec): string => {
    const label = seen.has(d.label) && d.aliases.length > 0 && rng.chance(0.15) ? rng.pick(d.aliases) : d.label;
    seen.add(d.label);
    return label;
  };
  const rows = sorted.map((e): DependencyRow => {
    const mapped = e.from.services.includes(e.fromAsset) && seen.has(e.from.label) && rng.chance(0.08);
    return {
      from_domain: mapped ? '' : spell(e.from),
      to_domain: spell(e.to),
      from_asset: e.fromAsset,
      to_asset: e.toAsset,
      kind: e.kind,
    };
  });
  return withRepeatedEdges(rng, domains, rows);
}

/** Re-exported edges, sometimes under another spelling of the same domain. */
function withRepeatedEdges(rng: Random, domains: DomainSpec[], rows: DependencyRow[]): DependencyRow[] {
  const byLabel = new Map(domains.map((d) => [d.label, d]));
  const out = [...rows];
  for (let i = 0; i < DUPLICATE_EDGE_ROWS; i++) {
    const source = rng.int(0, rows.length - 1);
    const copy = { ...at(rows, source) };
    const to = byLabel.get(copy.to_domain);
    if (to && to.aliases.length > 0 && rng.chance(0.5)) copy.to_domain = rng.pick(to.aliases);
    // Insert after the original (and so after the first spelling of every domain in it).
    out.splice(out.indexOf(at(rows, source)) + rng.int(1, 20), 0, copy);
  }
  return out;
}

function generateDependencies(domains: DomainSpec[]): { rows: DependencyRow[]; distinct: number } {
  const rng = new Random(0x5eed_0002);
  const edges = generateEdges(rng, domains);
  return { rows: dependencyRows(rng, domains, edges), distinct: edges.length };
}

// ---------------------------------------------------------------------------------------------
// Questionnaire answers
// ---------------------------------------------------------------------------------------------

interface Question {
  id: string;
  pillar: Pillar;
  reverse: boolean;
  min: number;
  max: number;
}

interface AnswerRow {
  respondent: string;
  domain: string;
  question_id: string;
  answer: string;
}

const ANSWER_FIELDS = ['respondent', 'domain', 'question_id', 'answer'] as const;
const PILLARS: readonly Pillar[] = ['domain_ownership', 'data_as_product', 'self_serve_platform', 'federated_governance'];
/** Governance and platform questions are the ones people know least about. */
const UNKNOWN_SHARE: Record<Pillar, number> = {
  domain_ownership: 0.03,
  data_as_product: 0.05,
  self_serve_platform: 0.06,
  federated_governance: 0.08,
};
const BLANK_SHARE = 0.025;

function isPillar(value: string): value is Pillar {
  return (PILLARS as readonly string[]).includes(value);
}

/** The built-in bank is read at generation time, so the answers always match its questions. */
function readQuestionBank(): Question[] {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(QUESTION_BANK, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) throw new Error(`question bank: ${parsed.errors[0]?.message}`);
  return parsed.data.map((row) => {
    const pillar = row.pillar ?? '';
    if (!row.question_id || !isPillar(pillar)) throw new Error(`question bank: bad row ${JSON.stringify(row)}`);
    return {
      id: row.question_id,
      pillar,
      reverse: (row.reverse ?? '').trim().toLowerCase() === 'true',
      min: Number(row.scale_min || 1),
      max: Number(row.scale_max || 5),
    };
  });
}

/** A respondent's latent view (0-100) mapped to the scale; a reversed item flips it. */
function toScale(latent: number, q: Question): number {
  const agreement = q.reverse ? 100 - latent : latent;
  return clamp(Math.round(q.min + ((q.max - q.min) * agreement) / 100), q.min, q.max);
}

/** Blank, unknown, or a number: agreement within a domain comes from a shared tendency. */
function answerText(rng: Random, q: Question, latent: number): string {
  if (rng.chance(BLANK_SHARE)) return '';
  if (rng.chance(UNKNOWN_SHARE[q.pillar])) return rng.chance(0.12) ? 'N/A' : "don't know";
  return String(toScale(latent, q));
}

function generateAnswers(domains: DomainSpec[], questions: Question[]): AnswerRow[] {
  const rng = new Random(0x5eed_0003);
  // Some statements are harder to agree with than others, across the whole organisation.
  const difficulty = new Map(questions.map((q) => [q.id, rng.normal(0, 6)]));
  const rows: AnswerRow[] = [];
  for (const domain of domains) {
    const respondents = rng.int(3, 6);
    for (let r = 1; r <= respondents; r++) {
      const optimism = rng.normal(0, 5);
      const pillarView = new Map(PILLARS.map((p) => [p, rng.normal(0, 4)]));
      for (const q of questions) {
        const latent =
          domain.maturity[q.pillar] + (difficulty.get(q.id) ?? 0) + optimism +
          (pillarView.get(q.pillar) ?? 0) + rng.normal(0, 14);
        rows.push({
          respondent: `r-${domain.slug}-${r}`,
          domain: domain.label,
          question_id: q.id,
          answer: answerText(rng, q, latent),
        });
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Ownership map, profile, output
// ---------------------------------------------------------------------------------------------

function ownershipRows(domains: DomainSpec[]): Array<{ service: string; domain: string }> {
  return domains.flatMap((d) => d.services.map((service) => ({ service, domain: d.label })));
}

/** CSV with LF line endings and a final newline; papaparse quotes only where RFC 4180 needs it. */
function toCsv<T extends object>(fields: readonly (keyof T & string)[], rows: T[]): string {
  const data = rows.map((row) => fields.map((f) => String(row[f])));
  return `${Papa.unparse({ fields: [...fields], data }, { newline: '\n' })}\n`;
}

function write(file: string, content: string, summary: string): void {
  fs.writeFileSync(path.join(OUT_DIR, file), content, 'utf8');
  console.log(`${path.relative(ROOT, path.join(OUT_DIR, file))}: ${summary}`);
}

async function main(): Promise<void> {
  const domains = buildDomains();
  const questions = readQuestionBank();
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const deployments = generateDeployments(domains);
  write('deployments.csv', toCsv(DEPLOYMENT_FIELDS, deployments), `${deployments.length} rows`);

  const dependencies = generateDependencies(domains);
  write(
    'dependencies.csv',
    toCsv(DEPENDENCY_FIELDS, dependencies.rows),
    `${dependencies.rows.length} rows, ${dependencies.distinct} distinct edges`,
  );

  const answers = generateAnswers(domains, questions);
  const respondents = new Set(answers.map((a) => a.respondent)).size;
  write('answers.csv', toCsv(ANSWER_FIELDS, answers), `${answers.length} rows, ${respondents} respondents, ${questions.length} questions`);

  const ownership = ownershipRows(domains);
  write('ownership.csv', toCsv(['service', 'domain'] as const, ownership), `${ownership.length} rows`);

  const profile = { organisation: ORGANISATION, engineers: ENGINEERS, assessed_at: ASSESSED_AT };
  write('profile.json', `${JSON.stringify(profile, null, 2)}\n`, `${ORGANISATION}, ${ENGINEERS} engineers`);

  // The figures of the files just written, by the engine: the page shows them while DuckDB starts.
  const snapshot = await writeDemoSnapshot(OUT_DIR);
  console.log(`${path.relative(ROOT, path.join(OUT_DIR, 'snapshot.json'))}: ${snapshot}`);
}

await main();
