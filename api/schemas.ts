// Request schemas of the HTTP API (zod): the one definition of what the API accepts.
import { z } from 'zod';

export const partnerIdParams = z.object({
  partnerId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'partner ids are 1-64 letters, digits, "-" or "_"'),
});

export const startOnboardingBody = z
  .object({
    tenantId: z.string().regex(/^\d{1,19}$/, 'a ServiceTitan Tenant ID is digits only'),
    contactEmail: z.string().email(),
    prerequisites: z
      .object({
        // The guide's "Before you start": the first four are required before setup can begin.
        maintenancePlansInDashboard: z.literal(true, { message: 'set up Smart Maintenance plans in the Partner Dashboard first' }),
        maintenancePlansInServiceTitan: z.literal(true, { message: 'set up Smart Maintenance plans in ServiceTitan first' }),
        comfortCreditCustomField: z.literal(true, { message: 'add the Comfort Credit custom field in ServiceTitan first' }),
        tagType: z.literal(true, { message: 'create the SmartAC tag type in ServiceTitan first' }),
        campaignCodes: z.boolean().default(false),
        adjustableCapacityPlanning: z.boolean().default(false),
      })
      .strict(),
  })
  .strict();
export type StartOnboardingBody = z.infer<typeof startOnboardingBody>;
