// What each seeded contractor looks like: its catalogs (business units per trade, job types,
// memberships, tags, custom fields, pricebook, campaigns, technicians) and where it works.
// catalogs.ts and customers-and-jobs.ts turn a profile into records.
export type Month = 'January' | 'February' | 'March' | 'April' | 'May' | 'June' | 'July' | 'August' | 'September' | 'October' | 'November' | 'December';

export type Frequency = 'OneTime' | 'Monthly' | 'EveryOtherMonth' | 'Quarterly' | 'BiAnnual' | 'Annual';

export interface TenantProfile {
  /** PRNG seed for customers, jobs and the rest. */
  seed: number;
  /** Fixed offset of the contractor's local time (the sandbox ignores daylight saving). */
  utcOffsetHours: number;
  phone: string;
  email: string;
  area: { state: string; cities: { name: string; zip: string }[]; streets: string[] };
  businessUnits: { name: string; trade: string; active?: boolean }[];
  /** `businessUnits` are names from above; `minutes` is the average duration. */
  jobTypes: { name: string; businessUnits: string[]; minutes: number; priority: 'Low' | 'Normal' | 'High' | 'Urgent'; jobClass: string; active?: boolean }[];
  tagTypes: { name: string; code: string; color: string; active?: boolean }[];
  locationCustomFields: { name: string; dataType: 'Text' | 'Numeric' | 'Date' | 'Dropdown'; options?: string[] }[];
  customerCustomFields: { name: string; dataType: 'Text' | 'Numeric' | 'Date' | 'Dropdown'; options?: string[] }[];
  campaigns: { name: string; category: string; medium: string; active?: boolean }[];
  services: { code: string; name: string; price: number; memberPrice: number; hours: number; businessUnit?: string; active?: boolean }[];
  recurringServiceTypes: { name: string; months: Month[]; jobType: string; businessUnit: string }[];
  /** `saleTask` is a service code; each duration becomes a duration/billing option. */
  membershipTypes: {
    name: string;
    saleTask: string;
    discount: number;
    durations: { months: number | null; frequency: Frequency; salePrice: number; billingPrice: number }[];
    recurringServices: string[];
    active?: boolean;
  }[];
  technicians: { name: string; businessUnit: string; position: 'Service' | 'Installer' | 'Maintenance' | 'Sales' }[];
  /** The first is always "SmartAC.com". */
  bookingProviders: { name: string; description: string }[];
  customers: number;
  /** Jobs per day over the past two weeks and the coming two. */
  jobsPerDay: [number, number];
}

const SMARTAC_PROVIDER = { name: 'SmartAC.com', description: 'Bookings from SmartAC.com memberships and maintenance plans' };

export const HVAC_PROFILE: TenantProfile = {
  seed: 101,
  utcOffsetHours: -7,
  phone: '(602) 555-0142',
  email: 'office@summitcomfort.example',
  area: {
    state: 'AZ',
    cities: [
      { name: 'Phoenix', zip: '85016' },
      { name: 'Scottsdale', zip: '85251' },
      { name: 'Tempe', zip: '85281' },
      { name: 'Mesa', zip: '85201' },
      { name: 'Chandler', zip: '85224' },
      { name: 'Gilbert', zip: '85234' },
    ],
    streets: [
      'E Camelback Rd',
      'N 32nd St',
      'E Indian School Rd',
      'W Baseline Rd',
      'S Rural Rd',
      'E McKellips Rd',
      'N Hayden Rd',
      'E Ray Rd',
      'W Elliot Rd',
      'N Scottsdale Rd',
    ],
  },
  businessUnits: [
    { name: 'HVAC - Service', trade: 'HVAC' },
    { name: 'HVAC - Install', trade: 'HVAC' },
    { name: 'HVAC - Maintenance', trade: 'HVAC' },
    { name: 'Plumbing - Service', trade: 'Plumbing' },
    { name: 'Electrical - Service', trade: 'Electrical', active: false },
  ],
  jobTypes: [
    { name: 'AC Repair', businessUnits: ['HVAC - Service'], minutes: 120, priority: 'High', jobClass: 'Service' },
    { name: 'AC Tune-Up', businessUnits: ['HVAC - Maintenance', 'HVAC - Service'], minutes: 90, priority: 'Normal', jobClass: 'Maintenance' },
    { name: 'Furnace Tune-Up', businessUnits: ['HVAC - Maintenance', 'HVAC - Service'], minutes: 90, priority: 'Normal', jobClass: 'Maintenance' },
    { name: 'No Cool Diagnostic', businessUnits: ['HVAC - Service'], minutes: 60, priority: 'Urgent', jobClass: 'Service' },
    { name: 'System Replacement Estimate', businessUnits: ['HVAC - Install'], minutes: 90, priority: 'Normal', jobClass: 'Sales' },
    { name: 'AC Install', businessUnits: ['HVAC - Install'], minutes: 480, priority: 'Normal', jobClass: 'Install' },
    { name: 'Drain Cleaning', businessUnits: ['Plumbing - Service'], minutes: 90, priority: 'Normal', jobClass: 'Service' },
    { name: 'Water Heater Repair', businessUnits: ['Plumbing - Service'], minutes: 120, priority: 'High', jobClass: 'Service' },
    { name: 'Duct Cleaning (retired)', businessUnits: ['HVAC - Service'], minutes: 180, priority: 'Low', jobClass: 'Service', active: false },
  ],
  tagTypes: [
    { name: 'SmartAC.com', code: 'SMARTAC', color: '#1E88E5' },
    { name: 'SmartAC Member', code: 'SMARTAC-MBR', color: '#43A047' },
    { name: 'VIP', code: 'VIP', color: '#FDD835' },
    { name: 'Do Not Call', code: 'DNC', color: '#E53935' },
    { name: 'Warranty', code: 'WARRANTY', color: '#8E24AA' },
    { name: 'Pets on Site', code: 'PETS', color: '#6D4C41' },
    { name: 'Old Promo (inactive)', code: 'PROMO-OLD', color: '#9E9E9E', active: false },
  ],
  locationCustomFields: [
    { name: 'Comfort Credits', dataType: 'Numeric' },
    { name: 'SmartAC Member Since', dataType: 'Date' },
    { name: 'Filter Size', dataType: 'Text' },
    { name: 'System Type', dataType: 'Dropdown', options: ['Split AC + Gas Furnace', 'Heat Pump', 'Package Unit', 'Mini-Split'] },
  ],
  customerCustomFields: [
    { name: 'Preferred Contact', dataType: 'Dropdown', options: ['Phone', 'Text', 'Email'] },
    { name: 'Referred By', dataType: 'Text' },
  ],
  campaigns: [
    { name: 'SmartAC.com', category: 'Partners', medium: 'Online' },
    { name: 'Google Ads', category: 'Paid Search', medium: 'Online' },
    { name: 'Yard Signs', category: 'Print', medium: 'Offline' },
    { name: 'Customer Referral', category: 'Referral', medium: 'Word of Mouth' },
    { name: 'Spring Promo 2023', category: 'Seasonal', medium: 'Mailer', active: false },
  ],
  services: [
    { code: 'HVAC-TUNE-AC', name: 'AC Tune-Up', price: 129, memberPrice: 0, hours: 1.5, businessUnit: 'HVAC - Maintenance' },
    { code: 'HVAC-TUNE-FURN', name: 'Furnace Tune-Up', price: 129, memberPrice: 0, hours: 1.5, businessUnit: 'HVAC - Maintenance' },
    { code: 'HVAC-DIAG', name: 'Diagnostic Fee', price: 89, memberPrice: 49, hours: 1, businessUnit: 'HVAC - Service' },
    { code: 'HVAC-CAP', name: 'Replace Run Capacitor', price: 245, memberPrice: 208, hours: 0.5, businessUnit: 'HVAC - Service' },
    { code: 'HVAC-FILTER', name: 'Media Filter Replacement', price: 95, memberPrice: 81, hours: 0.25, businessUnit: 'HVAC - Service' },
    { code: 'PLB-DRAIN', name: 'Drain Cleaning', price: 189, memberPrice: 160, hours: 1.5, businessUnit: 'Plumbing - Service' },
    { code: 'PLB-WH-FLUSH', name: 'Water Heater Flush', price: 149, memberPrice: 99, hours: 1, businessUnit: 'Plumbing - Service' },
    { code: 'MBR-SALE-SILVER', name: 'Comfort Club Silver - Membership Sale', price: 199, memberPrice: 199, hours: 0 },
    { code: 'MBR-SALE-GOLD', name: 'Comfort Club Gold - Membership Sale', price: 329, memberPrice: 329, hours: 0 },
    { code: 'HVAC-DUCT-OLD', name: 'Duct Cleaning (retired)', price: 399, memberPrice: 349, hours: 3, active: false },
  ],
  recurringServiceTypes: [
    { name: 'Spring AC Tune-Up', months: ['April'], jobType: 'AC Tune-Up', businessUnit: 'HVAC - Maintenance' },
    { name: 'Fall Furnace Tune-Up', months: ['October'], jobType: 'Furnace Tune-Up', businessUnit: 'HVAC - Maintenance' },
  ],
  membershipTypes: [
    {
      name: 'Comfort Club Silver',
      saleTask: 'MBR-SALE-SILVER',
      discount: 10,
      durations: [
        { months: 12, frequency: 'Annual', salePrice: 199, billingPrice: 199 },
        { months: 12, frequency: 'Monthly', salePrice: 0, billingPrice: 17.99 },
      ],
      recurringServices: ['Spring AC Tune-Up'],
    },
    {
      name: 'Comfort Club Gold',
      saleTask: 'MBR-SALE-GOLD',
      discount: 15,
      durations: [
        { months: 12, frequency: 'Annual', salePrice: 329, billingPrice: 329 },
        { months: null, frequency: 'Monthly', salePrice: 0, billingPrice: 29.99 },
      ],
      recurringServices: ['Spring AC Tune-Up', 'Fall Furnace Tune-Up'],
    },
    {
      name: 'Legacy Plan (closed)',
      saleTask: 'MBR-SALE-SILVER',
      discount: 5,
      durations: [{ months: 12, frequency: 'Annual', salePrice: 149, billingPrice: 149 }],
      recurringServices: [],
      active: false,
    },
  ],
  technicians: [
    { name: 'Marco Alvarez', businessUnit: 'HVAC - Service', position: 'Service' },
    { name: 'Dana Whitfield', businessUnit: 'HVAC - Service', position: 'Service' },
    { name: 'Tyrell Brooks', businessUnit: 'HVAC - Maintenance', position: 'Maintenance' },
    { name: 'Priya Nair', businessUnit: 'HVAC - Maintenance', position: 'Maintenance' },
    { name: 'Sam Kowalski', businessUnit: 'HVAC - Install', position: 'Installer' },
    { name: 'Lena Ortiz', businessUnit: 'HVAC - Install', position: 'Sales' },
    { name: 'Greg Huang', businessUnit: 'Plumbing - Service', position: 'Service' },
  ],
  bookingProviders: [SMARTAC_PROVIDER, { name: 'Website Scheduler', description: 'Online booking widget on summitcomfort.example' }],
  customers: 36,
  jobsPerDay: [3, 7],
};

export const PLUMBING_PROFILE: TenantProfile = {
  seed: 202,
  utcOffsetHours: -6,
  phone: '(612) 555-0177',
  email: 'dispatch@lakesideplumbingair.example',
  area: {
    state: 'MN',
    cities: [
      { name: 'Minneapolis', zip: '55408' },
      { name: 'St. Paul', zip: '55105' },
      { name: 'Edina', zip: '55424' },
      { name: 'Bloomington', zip: '55420' },
    ],
    streets: ['Lyndale Ave S', 'Grand Ave', 'France Ave S', 'W 50th St', 'Summit Ave', 'Penn Ave S'],
  },
  businessUnits: [
    { name: 'Plumbing Service', trade: 'Plumbing' },
    { name: 'Drain & Sewer', trade: 'Plumbing' },
    { name: 'Heating & Cooling', trade: 'HVAC' },
  ],
  jobTypes: [
    { name: 'Leak Repair', businessUnits: ['Plumbing Service'], minutes: 90, priority: 'High', jobClass: 'Service' },
    { name: 'Sewer Camera Inspection', businessUnits: ['Drain & Sewer'], minutes: 60, priority: 'Normal', jobClass: 'Service' },
    { name: 'Boiler Service', businessUnits: ['Heating & Cooling'], minutes: 120, priority: 'Normal', jobClass: 'Maintenance' },
    { name: 'AC Check-Up', businessUnits: ['Heating & Cooling'], minutes: 60, priority: 'Normal', jobClass: 'Maintenance' },
  ],
  tagTypes: [
    { name: 'SmartAC.com', code: 'SMARTAC', color: '#1E88E5' },
    { name: 'Key Under Mat', code: 'KEY', color: '#FB8C00' },
    { name: 'Commercial Account', code: 'COMM', color: '#3949AB' },
  ],
  locationCustomFields: [
    { name: 'Comfort Credits', dataType: 'Numeric' },
    { name: 'Water Heater Age', dataType: 'Numeric' },
  ],
  customerCustomFields: [{ name: 'Billing Contact', dataType: 'Text' }],
  campaigns: [
    { name: 'SmartAC.com', category: 'Partners', medium: 'Online' },
    { name: 'Radio - WCCO', category: 'Broadcast', medium: 'Radio' },
  ],
  services: [
    { code: 'PLB-LEAK', name: 'Leak Repair (first hour)', price: 175, memberPrice: 150, hours: 1, businessUnit: 'Plumbing Service' },
    { code: 'DRN-CAM', name: 'Sewer Camera Inspection', price: 249, memberPrice: 199, hours: 1, businessUnit: 'Drain & Sewer' },
    { code: 'HTG-BOILER', name: 'Boiler Service', price: 219, memberPrice: 0, hours: 2, businessUnit: 'Heating & Cooling' },
    { code: 'MBR-SALE-PEACE', name: 'Peace of Mind Plan - Membership Sale', price: 240, memberPrice: 240, hours: 0 },
  ],
  recurringServiceTypes: [{ name: 'Annual Boiler Service', months: ['September'], jobType: 'Boiler Service', businessUnit: 'Heating & Cooling' }],
  membershipTypes: [
    {
      name: 'Peace of Mind Plan',
      saleTask: 'MBR-SALE-PEACE',
      discount: 15,
      durations: [{ months: 12, frequency: 'Monthly', salePrice: 0, billingPrice: 20 }],
      recurringServices: ['Annual Boiler Service'],
    },
  ],
  technicians: [
    { name: 'Olaf Lindqvist', businessUnit: 'Plumbing Service', position: 'Service' },
    { name: 'Renee Dubois', businessUnit: 'Drain & Sewer', position: 'Service' },
    { name: 'Hank Peterson', businessUnit: 'Heating & Cooling', position: 'Maintenance' },
  ],
  bookingProviders: [SMARTAC_PROVIDER],
  customers: 14,
  jobsPerDay: [1, 3],
};

/** A minimal contractor for the tenants that exist to test access modes. */
export const SMALL_PROFILE: TenantProfile = {
  seed: 303,
  utcOffsetHours: -7,
  phone: '(520) 555-0110',
  email: 'office@small-contractor.example',
  area: { state: 'AZ', cities: [{ name: 'Tucson', zip: '85719' }], streets: ['E Speedway Blvd', 'N Campbell Ave'] },
  businessUnits: [{ name: 'HVAC', trade: 'HVAC' }],
  jobTypes: [{ name: 'AC Service', businessUnits: ['HVAC'], minutes: 90, priority: 'Normal', jobClass: 'Service' }],
  tagTypes: [{ name: 'SmartAC.com', code: 'SMARTAC', color: '#1E88E5' }],
  locationCustomFields: [{ name: 'Comfort Credits', dataType: 'Numeric' }],
  customerCustomFields: [],
  campaigns: [{ name: 'SmartAC.com', category: 'Partners', medium: 'Online' }],
  services: [{ code: 'AC-SVC', name: 'AC Service Call', price: 99, memberPrice: 79, hours: 1, businessUnit: 'HVAC' }],
  recurringServiceTypes: [],
  membershipTypes: [],
  technicians: [{ name: 'Rosa Medina', businessUnit: 'HVAC', position: 'Service' }],
  bookingProviders: [SMARTAC_PROVIDER],
  customers: 4,
  jobsPerDay: [0, 1],
};

export const PROFILES = { hvac: HVAC_PROFILE, plumbing: PLUMBING_PROFILE, small: SMALL_PROFILE } as const;
