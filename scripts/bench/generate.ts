/**
 * Synthetic organisations for the benchmark and the native-vs-WASM test: a year of deployment
 * events (10k … 5M rows of canonical CSV, about 58 bytes a row), a dependency export (1k … 100k
 * rows), an ownership map and questionnaire answers to the built-in bank, for 50 to 300 domains.
 *
 * Deterministic: every choice comes from a seeded PRNG (mulberry32), one stream per file, so
 * the same size always gives the same bytes. The data exercises every counting rule the engine
 * has: status and environment exclusions, repeated deployment ids, explicit `independent`,
 * `coordinated_with` lists (`;` and `|`, naming domains or services), change ids shared across
 * domains, offsets and space-separated times, domain spellings that share one key
 * (`Pricing EU`, `pricing_eu`, `pricing-eu`), and rows that only name a service.
 *
 *   tsx scripts/bench/generate.ts --rows 1000000 [--out DIR] [--bad-every N]
 *
 * Files land in a cache directory outside the repository (default: $TMPDIR/mesh-readiness-bench)
 * and are reused when already written by the same generator version.
 */
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../mulberry32.ts';

/** Bump when the output changes: cached files of another version are written again. */
export const GENERATOR_VERSION = 3;

export interface OrganisationSpec {
  /** Deployment events (rows of the deployment log). */
  rows: number;
  /** Rows of the dependency export. */
  edges: number;
  domains: number;
  /** One invalid row (a bad time or `independent` value) every N rows; 0 for none (the default). */
  badEvery?: number;
  seed?: number;
}

/** The benchmark's organisations: 10k → 5M events, 1k → 100k edges, 50 → 300 domains. */
export const SIZES: Record<string, OrganisationSpec> = {
  '10k': { rows: 10_000, edges: 1_000, domains: 50 },
  '100k': { rows: 100_000, edges: 10_000, domains: 100 },
  '1M': { rows: 1_000_000, edges: 100_000, domains: 200 },
  '5M': { rows: 5_000_000, edges: 100_000, domains: 300 },
  // Not in the default run: just under the app's 512 MiB file cap (about 525 MB), to see whether
  // the tab holds what the cap lets through (`npm run bench -- --sizes 9M --runs 1 --no-node`).
  '9M': { rows: 9_000_000, edges: 100_000, domains: 300 },
};

export interface OrganisationFiles {
  dir: string;
  deployments: string;
  dependencies: string;
  ownership: string;
  answers: string;
  engineers: number;
  bytes: { deployments: number; dependencies: number; ownership: number; answers: number };
}

export const CACHE_DIR = join(tmpdir(), 'mesh-readiness-bench');

const ROOT = resolve(import.meta.dirname, '../..');

// ---------------------------------------------------------------------------------------------

class Random {
  readonly float: () => number;
  constructor(seed: number) {
    this.float = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }
  /** Index with probability ∝ weights (cumulative weights given). */
  weighted(cumulative: readonly number[]): number {
    const x = this.float() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const WORDS = [
  'ledger', 'search', 'pricing', 'billing', 'catalog', 'identity', 'orders', 'payments', 'checkout',
  'shipping', 'returns', 'loyalty', 'ads', 'reviews', 'fraud', 'tax', 'stock', 'supply', 'vendors',
  'payroll', 'hr', 'crm', 'support', 'email', 'push', 'maps', 'routing', 'fleet', 'media', 'cms',
  'promo', 'offers', 'cart', 'wallet', 'risk', 'credit', 'kyc', 'audit', 'legal', 'finance',
  'growth', 'seo', 'sso', 'auth', 'profile', 'content', 'insight', 'metrics', 'ml', 'forecast',
  'warehouse', 'inventory', 'booking', 'events', 'streams', 'platform', 'infra', 'devex', 'docs', 'labs',
];
const REGIONS = ['', 'eu', 'us', 'apac', 'latam'];
const TITLE = (w: string) => (w.length <= 3 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1));

interface Domain {
  /** The usual spelling ("Pricing EU"). */
  label: string;
  /** Other spellings of the same key (`pricing_eu`, `pricing-eu`). */
  variants: string[];
  services: string[];
  /** How likely this domain's deployments are coordinated. */
  coupling: number;
}

function domainsOf(count: number, random: Random): Domain[] {
  const out: Domain[] = [];
  for (let i = 0; out.length < count; i++) {
    const word = WORDS[i % WORDS.length]!;
    const region = REGIONS[Math.floor(i / WORDS.length) % REGIONS.length]!;
    const label = region ? `${TITLE(word)} ${region.toUpperCase()}` : TITLE(word);
    const key = region ? `${word}-${region}` : word;
    const services = Array.from({ length: random.int(2, 6) }, (_, s) => `${key}-svc${s + 1}`);
    out.push({
      label,
      variants: region ? [`${word}_${region}`, key, ` ${label.toLowerCase()} `] : [word, word.toUpperCase()],
      services,
      coupling: random.float() * 0.5,
    });
  }
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function isoTime(ms: number, style: number): string {
  const d = new Date(ms);
  const ymd = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (style === 0) return `${ymd}T${hms}Z`;
  if (style === 1) return `${ymd} ${hms}`; // no offset: UTC
  // Local time with an offset: the same instant.
  const offsetMinutes = style === 2 ? 120 : -300;
  const local = new Date(ms + offsetMinutes * 60_000);
  const lymd = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const lhms = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${lymd}T${lhms}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Writes lines through a stream in large chunks, waiting when the stream is full. */
class LineWriter {
  readonly #stream;
  #parts: string[] = [];
  #size = 0;
  bytes = 0;
  constructor(path: string) {
    this.#stream = createWriteStream(path);
  }
  async line(text: string): Promise<void> {
    this.#parts.push(text);
    this.#size += text.length + 1;
    if (this.#size > 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const chunk = `${this.#parts.join('\n')}\n`;
    this.#parts = [];
    this.#size = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.#stream.write(chunk)) await new Promise<void>((done) => this.#stream.once('drain', () => done()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((done, fail) => this.#stream.end((e?: Error) => (e ? fail(e) : done())));
  }
}

const YEAR_START = Date.UTC(2025, 0, 6); // a Monday
const YEAR_MS = 364 * 86_400_000;
const SUCCESS = ['success', 'success', 'success', 'Succeeded', 'ok', 'deployed'];
const PROD = ['prod', 'prod', 'production', 'PRD', 'live'];

async function writeDeployments(path: string, spec: OrganisationSpec, domains: Domain[]): Promise<number> {
  const random = new Random((spec.seed ?? 1) * 7919 + 1);
  const out = new LineWriter(path);
  await out.line('deployment_id,deployed_at,domain,service,change_id,coordinated_with,independent,status,environment');
  // Busy domains deploy more: a Zipf-like weight.
  const cumulative: number[] = [];
  domains.reduce((sum, _, i) => (cumulative[i] = sum + 1 / Math.sqrt(i + 1)), 0);
  const step = YEAR_MS / spec.rows;
  let release: { id: string; left: number; domains: Set<number> } | null = null;
  let releaseCount = 0;
  let changeCount = 0;
  const recentIds: string[] = [];
  for (let i = 0; i < spec.rows; i++) {
    const at = YEAR_START + Math.floor(i * step + random.float() * step);
    let d: number;
    let change = '';
    if (release && release.left > 0) {
      // A coordinated release: the same change id in 2–3 different domains, close together.
      do d = random.weighted(cumulative);
      while (release.domains.has(d) && release.domains.size < domains.length);
      release.domains.add(d);
      release.left--;
      change = release.id;
    } else {
      d = random.weighted(cumulative);
      if (random.chance(domains[d]!.coupling * 0.08)) {
        release = { id: `REL-${++releaseCount}`, left: random.int(1, 2), domains: new Set([d]) };
        change = release.id;
      } else if (random.chance(0.2)) {
        change = `CHG-${++changeCount}`;
      }
    }
    const domain = domains[d]!;
    let id = `d${(Math.imul(i + 1, 2654435761) >>> 0).toString(36)}`;
    if (recentIds.length > 0 && random.chance(0.003)) id = random.pick(recentIds); // a repeated id
    if (i % 97 === 0) {
      recentIds.push(id);
      if (recentIds.length > 64) recentIds.shift();
    }
    const style = random.chance(0.85) ? 0 : random.int(1, 3);
    let time = isoTime(at, style);
    // Most rows name the domain; a few spell it another way; 1% only name a service.
    const nameOnly = random.chance(0.01);
    let domainText = nameOnly ? '' : random.chance(0.05) ? random.pick(domain.variants) : domain.label;
    if (domainText.includes(',')) domainText = `"${domainText}"`;
    const service = nameOnly || random.chance(0.45) ? random.pick(domain.services) : '';
    let serviceText = service;
    if (nameOnly && random.chance(0.05)) serviceText = `orphan-${random.int(1, 40)}`; // → unassigned
    let coordinated = '';
    if (!change.startsWith('REL') && random.chance(domain.coupling * 0.1)) {
      const other = domains[random.int(0, domains.length - 1)]!;
      const second = domains[random.int(0, domains.length - 1)]!;
      coordinated = random.chance(0.5)
        ? `${other.label};${second.variants[0]}`
        : `${random.pick(other.services)}|${second.label}`;
    }
    let independent = random.chance(0.25) ? (random.chance(0.75) ? 'true' : 'false') : '';
    if (independent && random.chance(0.1)) independent = random.pick(['yes', 'no', '1', '0', 'TRUE']);
    const status = random.chance(0.3) ? (random.chance(0.9) ? random.pick(SUCCESS) : 'failed') : '';
    const environment = random.chance(0.3) ? (random.chance(0.85) ? random.pick(PROD) : 'staging') : '';
    if (spec.badEvery && i % spec.badEvery === spec.badEvery - 1) {
      if (random.chance(0.5)) time = random.pick(['2025-13-45T10:00:00Z', 'yesterday', '2025/03/01 10:00']);
      else independent = 'maybe';
    }
    await out.line(
      `${id},${time},${domainText},${serviceText},${change},${coordinated},${independent},${status},${environment}`,
    );
  }
  await out.close();
  return out.bytes;
}

async function writeDependencies(path: string, spec: OrganisationSpec, domains: Domain[]): Promise<number> {
  const random = new Random((spec.seed ?? 1) * 104729 + 2);
  const out = new LineWriter(path);
  await out.line('from_domain,to_domain,from_asset,to_asset,kind');
  // Hubs: a few domains are depended on by many.
  const cumulative: number[] = [];
  domains.reduce((sum, _, i) => (cumulative[i] = sum + 1 / (i % 17 === 0 ? 0.2 : 1 + (i % 5))), 0);
  const kinds = ['table', 'event', 'api', 'dbt-model', 'file'];
  for (let i = 0; i < spec.edges; i++) {
    const from = domains[random.int(0, domains.length - 1)]!;
    const to = random.chance(0.3) ? from : domains[random.weighted(cumulative)]!;
    const fromAsset = `${random.pick(from.services)}.t${random.int(1, 40)}`;
    const toAsset = `${random.pick(to.services)}.t${random.int(1, 40)}`;
    // Some rows name only assets the ownership map knows; some spell domains another way.
    const assetOnly = random.chance(0.05);
    const fromDomain = assetOnly ? '' : random.chance(0.1) ? random.pick(from.variants) : from.label;
    const toDomain = assetOnly && random.chance(0.5) ? '' : to.label;
    const fromAssetText = assetOnly ? random.pick(from.services) : fromAsset;
    const toAssetText = toDomain === '' ? random.pick(to.services) : toAsset;
    await out.line(`${fromDomain},${toDomain},${fromAssetText},${toAssetText},${random.pick(kinds)}`);
    if (random.chance(0.02) && i + 1 < spec.edges) {
      // An exact repeat: counted once.
      await out.line(`${fromDomain},${toDomain},${fromAssetText},${toAssetText},table`);
      i++;
    }
  }
  await out.close();
  return out.bytes;
}

async function writeOwnership(path: string, domains: Domain[]): Promise<number> {
  const out = new LineWriter(path);
  await out.line('service,domain');
  for (const domain of domains) for (const service of domain.services) await out.line(`${service},${domain.label}`);
  await out.close();
  return out.bytes;
}

async function writeAnswers(path: string, spec: OrganisationSpec, domains: Domain[]): Promise<number> {
  const random = new Random((spec.seed ?? 1) * 15485863 + 3);
  const bank = readFileSync(join(ROOT, 'src/engine/builtin/question-bank.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]!);
  const out = new LineWriter(path);
  await out.line('respondent,domain,question_id,answer');
  for (const [d, domain] of domains.entries()) {
    // About half the domains answer; 2–4 respondents each; a few "don't know".
    if (!random.chance(0.5)) continue;
    const level = random.float() * 4;
    for (let r = 1; r <= random.int(2, 4); r++) {
      for (const question of bank) {
        const answer = random.chance(0.06)
          ? random.pick(['n/a', 'dk'])
          : String(Math.max(1, Math.min(5, Math.round(1 + level + (random.float() - 0.5) * 2))));
        await out.line(`r-${d}-${r},${domain.label},${question},${answer}`);
      }
    }
  }
  await out.close();
  return out.bytes;
}

/** The organisation's files, written unless the cache already holds them. */
export async function generateOrganisation(spec: OrganisationSpec, root = CACHE_DIR): Promise<OrganisationFiles> {
  const name = `v${GENERATOR_VERSION}-r${spec.rows}-e${spec.edges}-d${spec.domains}-b${spec.badEvery ?? 0}-s${spec.seed ?? 1}`;
  const dir = join(root, name);
  const files = {
    dir,
    deployments: join(dir, 'deployments.csv'),
    dependencies: join(dir, 'dependencies.csv'),
    ownership: join(dir, 'ownership.csv'),
    answers: join(dir, 'answers.csv'),
    engineers: Math.round(spec.domains * 6.5),
  };
  const done = join(dir, 'complete.json');
  if (existsSync(done)) {
    return { ...files, bytes: JSON.parse(await readFile(done, 'utf8')) };
  }
  await mkdir(dir, { recursive: true });
  const domains = domainsOf(spec.domains, new Random((spec.seed ?? 1) * 31 + spec.domains));
  const bytes = {
    deployments: await writeDeployments(files.deployments, spec, domains),
    dependencies: await writeDependencies(files.dependencies, spec, domains),
    ownership: await writeOwnership(files.ownership, domains),
    answers: await writeAnswers(files.answers, spec, domains),
  };
  for (const [kind, size] of Object.entries(bytes)) {
    const actual = statSync(join(dir, `${kind}.csv`)).size;
    if (actual !== size) throw new Error(`${kind}.csv: wrote ${size} bytes but the file has ${actual}`);
  }
  await writeFile(done, JSON.stringify(bytes));
  return { ...files, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const arg = (flag: string) => {
    const at = process.argv.indexOf(flag);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const size = arg('--size');
  const base = size ? SIZES[size] : undefined;
  if (size && !base) throw new Error(`--size is one of ${Object.keys(SIZES).join(', ')}`);
  const rows = Number(arg('--rows') ?? base?.rows ?? 10_000);
  const spec: OrganisationSpec = {
    rows,
    edges: Number(arg('--edges') ?? base?.edges ?? Math.min(100_000, Math.max(1_000, rows / 10))),
    domains: Number(arg('--domains') ?? base?.domains ?? 50),
    badEvery: Number(arg('--bad-every') ?? 0),
  };
  const started = performance.now();
  const files = await generateOrganisation(spec, arg('--out') ? resolve(arg('--out')!) : CACHE_DIR);
  console.log(`${files.dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(files.bytes);
}
