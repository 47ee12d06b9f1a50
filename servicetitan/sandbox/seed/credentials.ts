// The sandbox's registered apps and the tenants that connected them, with working credentials.
// Public on purpose: they only open the local sandbox. Listed by GET /__sandbox/tenants and in
// servicetitan/README.md.
import { SANDBOX_SMARTAC_APP_KEY } from '../app-key';

/** How a tenant admin connected an app under API Application Access. */
export type AccessMode = 'no_restrictions' | 'booking_provider' | 'not_connected';

export interface SeedApp {
  name: string;
  appKey: string;
  /** `tn.<module>.<resource>:r|w` scopes the app was registered with. */
  scopes: string[];
}

export interface SeedConnection {
  appKey: string;
  clientId: string;
  clientSecret: string;
  accessMode: AccessMode;
  /** For 'booking_provider': the Booking Provider tag the app is restricted to. */
  bookingProviderId?: number;
}

export interface SeedTenant {
  id: number;
  name: string;
  /** Record ids of this tenant start here, so ids never collide across tenants or kinds. */
  idBase: number;
  /** Which data set seeds it (servicetitan/sandbox/seed/profiles.ts). */
  profile: 'hvac' | 'plumbing' | 'small';
  connections: SeedConnection[];
}

/** Every scope the product's calls need (one per operation it uses). */
export const SMARTAC_SCOPES = [
  'tn.stt.businessunits:r',
  'tn.stt.tagtypes:r',
  'tn.stt.technicians:r',
  'tn.crm.customers:r',
  'tn.crm.customers:w',
  'tn.crm.locations:r',
  'tn.crm.locations:w',
  'tn.crm.bookings:r',
  'tn.crm.bookings:w',
  'tn.crm.bookingprovidertags:r',
  'tn.jpm.jobtypes:r',
  'tn.jpm.jobs:r',
  'tn.jpm.jobs:w',
  'tn.jpm.appointments:r',
  'tn.dis.capacity:w',
  'tn.mrk.campaigns:r',
  'tn.mem.membershiptypes:r',
  'tn.mem.recurringservicetypes:r',
  'tn.mem.memberships:r',
  'tn.mem.memberships:w',
  'tn.pb.services:r',
];

export const SMARTAC_APP: SeedApp = {
  name: 'SmartAC.com',
  appKey: SANDBOX_SMARTAC_APP_KEY,
  scopes: SMARTAC_SCOPES,
};

/** An app registered without the memberships, marketing and dispatch scopes: per-area 403s. */
export const LIMITED_APP: SeedApp = {
  name: 'SmartAC.com (limited scopes)',
  appKey: 'ak1.sandbox.limited.9f8e7d6c5b4a',
  scopes: SMARTAC_SCOPES.filter((s) => !/^tn\.(mem|mrk|dis)\./.test(s)),
};

export const SEED_APPS: SeedApp[] = [SMARTAC_APP, LIMITED_APP];

/** Booking Provider tags get ids idBase + 101, + 102...; the first is always "SmartAC.com". */
export const BOOKING_PROVIDER_ID_OFFSET = 101;

/** The restricted tenant's "SmartAC.com" Booking Provider tag. */
export const DESERT_SUN_BOOKING_PROVIDER_ID = 3_000_000 + BOOKING_PROVIDER_ID_OFFSET;

export const SEED_TENANTS: SeedTenant[] = [
  {
    id: 5550101,
    idBase: 1_000_000,
    name: 'Summit Comfort Heating & Air',
    profile: 'hvac',
    connections: [
      { appKey: SMARTAC_APP.appKey, clientId: 'cid.sandbox.summit-comfort', clientSecret: 'cs1.sandbox.summit-comfort.s3cr3t', accessMode: 'no_restrictions' },
      { appKey: LIMITED_APP.appKey, clientId: 'cid.sandbox.summit-limited', clientSecret: 'cs1.sandbox.summit-limited.s3cr3t', accessMode: 'no_restrictions' },
    ],
  },
  {
    id: 5550202,
    idBase: 2_000_000,
    name: 'Lakeside Plumbing & Air',
    profile: 'plumbing',
    connections: [{ appKey: SMARTAC_APP.appKey, clientId: 'cid.sandbox.lakeside', clientSecret: 'cs1.sandbox.lakeside.s3cr3t', accessMode: 'no_restrictions' }],
  },
  {
    id: 5550303,
    idBase: 3_000_000,
    name: 'Desert Sun Air Conditioning',
    profile: 'small',
    connections: [
      {
        appKey: SMARTAC_APP.appKey,
        clientId: 'cid.sandbox.desert-sun',
        clientSecret: 'cs1.sandbox.desert-sun.s3cr3t',
        accessMode: 'booking_provider',
        bookingProviderId: DESERT_SUN_BOOKING_PROVIDER_ID,
      },
    ],
  },
  {
    id: 5550404,
    idBase: 4_000_000,
    name: 'Prairie Home Services',
    profile: 'small',
    connections: [
      { appKey: SMARTAC_APP.appKey, clientId: 'cid.sandbox.prairie-home', clientSecret: 'cs1.sandbox.prairie-home.s3cr3t', accessMode: 'not_connected' },
    ],
  },
];

/** Client options for a seeded connection: `sandboxCredentials(5550101)` is the HVAC contractor with SmartAC. */
export function sandboxCredentials(tenantId: number, appKey: string = SMARTAC_APP.appKey): { tenantId: string; clientId: string; clientSecret: string } {
  const tenant = SEED_TENANTS.find((t) => t.id === tenantId);
  const connection = tenant?.connections.find((c) => c.appKey === appKey);
  if (!tenant || !connection) throw new Error(`no seeded connection for tenant ${tenantId} and that app`);
  return { tenantId: String(tenant.id), clientId: connection.clientId, clientSecret: connection.clientSecret };
}

export const SEED_TENANT_IDS = {
  hvac: 5550101,
  plumbing: 5550202,
  bookingProviderOnly: 5550303,
  notConnected: 5550404,
} as const;
