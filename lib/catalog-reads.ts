// The partner's ServiceTitan catalogs (business units, job types, membership types, tag types,
// location custom field types, pricebook services, campaigns), read once and shared by whoever
// needs them next: the credential check's reads, the catalog the dashboard shows and the step
// verifications within CATALOG_READ_REUSE_MS, kept in the database because the API and the worker
// both read them. A shared read may only confirm a choice: a step it would refuse is read again
// from ServiceTitan (the partner may just have created what was missing), and submit reads every
// catalog afresh, once for all steps. Each list is kept as the few fields the product uses.
import { z } from 'zod';
import type { ServiceTitanClient } from '../servicetitan/client';
import type { Db } from './db/client';

/**
 * How long a catalog read serves the next verification. An onboarding moves from credentials to
 * catalog to steps in seconds to minutes; ServiceTitan catalogs change far more rarely, and what
 * a reused read cannot see (something just created) only costs a re-read, never a wrong refusal.
 */
export const CATALOG_READ_REUSE_MS = 2 * 60_000;

const named = { id: z.number().int(), name: z.string(), active: z.boolean() };
const ITEM_SCHEMAS = {
  businessUnits: z.object({ ...named, trade: z.string().nullable() }),
  jobTypes: z.object({ ...named, businessUnitIds: z.array(z.number().int()), durationSeconds: z.number().nullable() }),
  membershipTypes: z.object(named),
  tagTypes: z.object(named),
  locationCustomFieldTypes: z.object({ id: z.number().int(), name: z.string().nullable(), dataType: z.string().nullable() }),
  services: z.object({ id: z.number().int(), code: z.string(), displayName: z.string().nullable(), active: z.boolean() }),
  campaigns: z.object(named),
};
export type CatalogResource = keyof typeof ITEM_SCHEMAS;
export type CatalogItem<R extends CatalogResource> = z.output<(typeof ITEM_SCHEMAS)[R]>;
type Catalog = { [R in CatalogResource]: CatalogItem<R>[] };

/** One list call per catalog, every item whatever its state (the verifiers tell "inactive" from "missing"). */
const READERS: { [R in CatalogResource]: (client: ServiceTitanClient) => Promise<Catalog[R]> } = {
  businessUnits: async (c) =>
    (await c.listBusinessUnits({ active: 'Any' }).all()).map((u) => ({ id: u.id, name: u.name, active: u.active, trade: u.trade?.name ?? null })),
  jobTypes: async (c) =>
    (await c.listJobTypes({ active: 'Any' }).all()).map((j) => ({
      id: j.id,
      name: j.name,
      active: j.active,
      businessUnitIds: j.businessUnitIds,
      durationSeconds: j.duration ?? null,
    })),
  membershipTypes: async (c) => (await c.listMembershipTypes({ active: 'Any' }).all()).map((m) => ({ id: m.id, name: m.name, active: m.active })),
  tagTypes: async (c) => (await c.listTagTypes({ active: 'Any' }).all()).map((t) => ({ id: t.id, name: t.name, active: t.active })),
  locationCustomFieldTypes: async (c) =>
    (await c.listLocationCustomFieldTypes().all()).map((f) => ({ id: f.id, name: f.name ?? null, dataType: f.dataType ?? null })),
  services: async (c) => (await c.listServices({ active: 'Any' }).all()).map(serviceItem),
  campaigns: async (c) => (await c.listCampaigns({ active: 'Any' }).all()).map((m) => ({ id: m.id, name: m.name, active: m.active })),
};

function serviceItem(s: { id: number; code: string; displayName?: string | null; active: boolean }): CatalogItem<'services'> {
  return { id: s.id, code: s.code, displayName: s.displayName ?? null, active: s.active };
}

/**
 * Where a piece of work gets its ServiceTitan client. Opening one for stored credentials costs a
 * database read and a decryption, so it is opened only when a list must come from ServiceTitan:
 * a step verified against a young stored read never opens it.
 */
export interface ClientSource {
  readonly tenantId: string;
  client(): Promise<ServiceTitanClient>;
}

/** A source that opens its client once, on first use; `open` may also just answer a built client. */
export function clientSource(tenantId: string, open: () => Promise<ServiceTitanClient>): ClientSource {
  let opened: Promise<ServiceTitanClient> | undefined;
  return { tenantId, client: () => (opened ??= open()) };
}

export interface CatalogReadsOptions {
  /** Reuse a stored read younger than this; 0: always read from ServiceTitan (still stored for others). */
  reuseWithinMs: number;
}

/**
 * The catalogs of one partner for one piece of work (a verification, a catalog answer): each list
 * is read at most once by it, from the store when `reuseWithinMs` allows, else from ServiceTitan.
 */
export class CatalogReads {
  private readonly reads = new Map<string, Promise<unknown>>();
  /** True once any answer came from the store: a refusal based on it must be read again. */
  servedFromStore = false;

  constructor(
    readonly source: ClientSource,
    private readonly db: Db,
    private readonly partnerId: string,
    private readonly options: CatalogReadsOptions,
  ) {}

  get<R extends CatalogResource>(resource: R): Promise<Catalog[R]> {
    return this.once(`catalog:${resource}`, () => this.load(resource));
  }

  /** Any other read (capacity, say), made at most once by this piece of work. */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.reads.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      this.reads.set(key, pending);
    }
    return pending;
  }

  /**
   * Pricebook services with these ids: from a reusable read of the whole pricebook when there is
   * one, else one call for just these (a pricebook can run to thousands of services, many pages).
   */
  async servicesWithIds(ids: number[]): Promise<CatalogItem<'services'>[]> {
    const whole = this.options.reuseWithinMs > 0 ? await this.stored('services') : undefined;
    if (whole) return whole.filter((s) => ids.includes(s.id));
    return this.once(`services:${ids.join(',')}`, async () =>
      (await (await this.source.client()).listServices({ ids: ids.join(','), active: 'Any' }).all()).map(serviceItem),
    );
  }

  /** Starts reading these catalogs at once (their failures surface where they are awaited). */
  prefetch(resources: CatalogResource[]): void {
    for (const resource of resources) this.get(resource).catch(() => undefined);
  }

  private async load<R extends CatalogResource>(resource: R): Promise<Catalog[R]> {
    const stored = this.options.reuseWithinMs > 0 ? await this.stored(resource) : undefined;
    if (stored) return stored;
    const items = await READERS[resource](await this.source.client());
    const row = { tenantId: this.source.tenantId, items, readAt: new Date() };
    // A lost write only costs the next verification a read of its own; it never delays this one.
    this.db.serviceTitanCatalogRead
      .upsert({ where: { partnerId_resource: { partnerId: this.partnerId, resource } }, create: { partnerId: this.partnerId, resource, ...row }, update: row })
      .catch(() => undefined);
    return items;
  }

  /** The stored read of this tenant's list, if it is young enough and still what we wrote. */
  private async stored<R extends CatalogResource>(resource: R): Promise<Catalog[R] | undefined> {
    const row = await this.db.serviceTitanCatalogRead.findUnique({ where: { partnerId_resource: { partnerId: this.partnerId, resource } } });
    if (!row || row.tenantId !== this.source.tenantId || Date.now() - row.readAt.getTime() >= this.options.reuseWithinMs) return undefined;
    const parsed = z.array(ITEM_SCHEMAS[resource]).safeParse(row.items);
    if (!parsed.success) return undefined;
    this.servedFromStore = true;
    return parsed.data as Catalog[R];
  }
}
