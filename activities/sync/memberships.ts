// Memberships: each enrolled SmartAC member gets, once, a ServiceTitan membership of the type mapped
// to their plan (PlanMapping), sold to the customer of their service location. Before selling, the
// customer's memberships are searched for an active one of that type at that location, so a sale
// made just before a crash is recorded, not made twice. A member that cannot get one is recorded
// with the reason (ServiceTitan's answer where it refused) and tried again after the plan mappings
// are saved again, or after the longest item retry (item-retry.ts) has passed.
import { NotFoundError, type ServiceTitanClient } from '../../servicetitan/client';
import type { Member, Prisma } from '../../prisma/generated/client';
import type { SyncPassResult } from '../../workflows/sync/types';
import { forEachConcurrently, PARALLEL_ITEMS } from './concurrency';
import { isItemProblem, withServiceTitan } from './failures';
import type { SyncActivityDeps } from './deps';
import { memberError } from './member-errors';
import { memberStageHealth } from './member-health';
import { ITEM_RETRY_MAX_MS } from './item-retry';
import { saleTermsLookup } from './membership-sale';
import { loadSyncConfiguration, type SyncConfiguration } from './sync-configuration';

const MEMBERS_PER_PASS = 100;
const PAGE = 500;

export function createMembershipActivities({ db, credentials }: Pick<SyncActivityDeps, 'db' | 'credentials'>) {
  /** Members still without a membership, except those that failed since the mappings were last saved or lately. */
  const waiting = (settings: SyncConfiguration): Prisma.MemberWhereInput => ({
    partnerId: settings.partnerId,
    membershipId: null,
    OR: [
      { membershipSyncedAt: null },
      { membershipSyncedAt: { lt: new Date(Date.now() - ITEM_RETRY_MAX_MS) } },
      ...(settings.plansSavedAt ? [{ membershipSyncedAt: { lt: settings.plansSavedAt } }] : []),
    ],
  });

  async function recordMembership(member: Member, customerId: number, membershipId: number): Promise<void> {
    // Clears only an earlier membership error: a tagging error is the tagging pass's to clear.
    await db.$executeRaw`
      UPDATE members SET customer_id = ${BigInt(customerId)}, membership_id = ${BigInt(membershipId)}, membership_synced_at = now(),
        failed_at = CASE WHEN last_error LIKE 'membership:%' THEN NULL ELSE failed_at END,
        last_error = CASE WHEN last_error LIKE 'membership:%' THEN NULL ELSE last_error END
      WHERE partner_id = ${member.partnerId} AND member_id = ${member.memberId}`;
  }

  async function recordProblem(member: Member, message: string, customerId?: number): Promise<void> {
    await db.member.update({
      where: { partnerId_memberId: { partnerId: member.partnerId, memberId: member.memberId } },
      data: {
        lastError: memberError('membership', message),
        membershipSyncedAt: new Date(),
        failedAt: new Date(),
        ...(customerId === undefined ? {} : { customerId: BigInt(customerId) }),
      },
    });
  }

  /** An active membership of this type that covers the location (or all the customer's locations). */
  async function existingMembership(client: ServiceTitanClient, customerId: number, locationId: number, membershipTypeId: number): Promise<number | undefined> {
    const memberships = await client.listMemberships({ customerIds: String(customerId), status: 'Active', pageSize: PAGE }).all();
    return memberships.find((m) => m.membershipTypeId === membershipTypeId && (m.locationId == null || m.locationId === locationId))?.id;
  }

  return {
    async syncMemberships({ partnerId }: { partnerId: string }): Promise<SyncPassResult> {
      const settings = await loadSyncConfiguration(db, partnerId);
      const members = await db.member.findMany({ where: waiting(settings), orderBy: [{ enrolledAt: 'asc' }, { memberId: 'asc' }], take: MEMBERS_PER_PASS });
      if (members.length === 0) return { checked: 0, writes: 0, backlog: 0, failed: 0, ...(await memberStageHealth(db, partnerId, 'membership')) };
      return withServiceTitan(credentials, partnerId, async (client) => {
        const saleTerms = saleTermsLookup(client, settings);
        let writes = 0;
        let failed = 0;
        const fail = async (member: Member, message: string, customerId?: number): Promise<void> => {
          failed += 1;
          await recordProblem(member, message, customerId);
        };
        await forEachConcurrently(members, PARALLEL_ITEMS, async (member) => {
          const membershipTypeId = settings.plans.get(member.smartacPlanId);
          if (membershipTypeId === undefined) return fail(member, `the SmartAC plan ${member.smartacPlanId} is not mapped to a ServiceTitan membership type`);
          const locationId = Number(member.locationId);
          let customerId: number;
          try {
            customerId = (await client.getLocation(locationId)).customerId;
          } catch (error) {
            if (error instanceof NotFoundError) return fail(member, error.message);
            throw error;
          }
          const existing = await existingMembership(client, customerId, locationId, membershipTypeId);
          if (existing !== undefined) return recordMembership(member, customerId, existing);
          const terms = await saleTerms(membershipTypeId);
          if ('problem' in terms) return fail(member, terms.problem, customerId);
          try {
            const sale = await client.sellMembership({ customerId, ...terms, locationId, recurringServiceAction: 'Single', recurringLocationId: locationId });
            writes += 1;
            await recordMembership(member, customerId, sale.customerMembershipId);
          } catch (error) {
            if (!isItemProblem(error)) throw error;
            await fail(member, `ServiceTitan refused the membership sale: ${error.message}`, customerId);
          }
        });
        return {
          checked: members.length,
          writes,
          backlog: await db.member.count({ where: waiting(settings) }),
          failed,
          ...(await memberStageHealth(db, partnerId, 'membership')),
        };
      });
    },
  };
}
