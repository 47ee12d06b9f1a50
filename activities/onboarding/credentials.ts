// Verifies a partner's ServiceTitan credentials (a token for the tenant, then a read in every API
// area the product uses) and keeps them sealed at rest. New credentials are checked with the
// catalog reads the dashboard asks for next (lib/catalog-reads.ts): the check costs the same calls
// and the catalog fewer.
import { CatalogReads, clientSource } from '../../lib/catalog-reads';
import type { Db } from '../../lib/db/client';
import type { AccessReport } from '../../servicetitan/client';
import type { PartnerCredentials } from '../../lib/partner-credentials';
import type { SealedSecret } from '../../lib/crypto/secrets';
import { fromServiceTitanError, NO_RESTRICTIONS_ADVICE, verificationFailed } from './verification-failures';

export interface CredentialsInput {
  partnerId: string;
  tenantId: string;
  clientId: string;
  sealedSecret: SealedSecret;
}

/** Runs an access check (ServiceTitanClient.verifyAccess) and refuses credentials any area denies. */
export async function checkAccess(verifyAccess: () => Promise<AccessReport>, tenantId: string): Promise<{ grantedAreas: string[] }> {
  let report: AccessReport;
  try {
    report = await verifyAccess();
  } catch (err) {
    throw fromServiceTitanError(err, 'credentials', tenantId);
  }
  if (report.denied.length > 0) {
    const areas = report.denied.map((d) => d.area);
    throw verificationFailed({
      code: 'restricted_access',
      message: `The SmartAC.com app has restricted access: ServiceTitan refused ${areas.join(', ')}. ${NO_RESTRICTIONS_ADVICE}`,
      step: 'credentials',
      details: { deniedAreas: areas, reasons: report.denied.map((d) => ({ area: d.area, reason: d.reason })) },
    });
  }
  return { grantedAreas: report.granted };
}

export function createCredentialActivities({ db, credentials }: { db: Db; credentials: PartnerCredentials }) {
  return {
    async verifyCredentials(input: CredentialsInput): Promise<{ grantedAreas: string[] }> {
      const client = credentials.clientForSealed(input.partnerId, input.tenantId, input.clientId, input.sealedSecret);
      const reads = new CatalogReads(
        clientSource(client.tenantId, async () => client),
        db,
        input.partnerId,
        { reuseWithinMs: 0 },
      );
      const probes = {
        settings: () => reads.get('businessUnits'),
        jpm: () => reads.get('jobTypes'),
        marketing: () => reads.get('campaigns'),
        memberships: () => reads.get('membershipTypes'),
        pricebook: () => reads.get('services'),
      };
      return checkAccess(() => client.verifyAccess(probes), input.tenantId);
    },
    async verifyStoredCredentials(input: { partnerId: string; tenantId: string }): Promise<{ grantedAreas: string[] }> {
      const client = await credentials.clientFor(input.partnerId);
      return checkAccess(() => client.verifyAccess(), input.tenantId);
    },
    async saveCredentials(input: { partnerId: string; clientId: string; sealedSecret: SealedSecret }): Promise<void> {
      await credentials.save(input.partnerId, input.clientId, input.sealedSecret);
    },
    async destroyCredentials(input: { partnerId: string }): Promise<void> {
      await credentials.destroy(input.partnerId);
    },
  };
}
