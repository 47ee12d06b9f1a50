// Health of the two passes that work per member (tagging, memberships): how many members a stage
// has refused now (their lastError carries the stage, member-errors.ts), how many it has done,
// and the latest refusal, for the child's SyncHealth.
import type { Db } from '../../lib/db/client';
import type { SyncPassResult } from '../../workflows/sync/types';
import type { MemberStage } from './member-errors';

export async function memberStageHealth(
  db: Db,
  partnerId: string,
  stage: MemberStage,
): Promise<Pick<SyncPassResult, 'failing' | 'succeeded' | 'lastItemError'>> {
  const refused = { partnerId, lastError: { startsWith: `${stage}:` } };
  const [failing, succeeded] = await Promise.all([
    db.member.count({ where: refused }),
    db.member.count({ where: stage === 'tagging' ? { partnerId, taggedAt: { not: null } } : { partnerId, membershipId: { not: null } } }),
  ]);
  if (failing === 0) return { failing, succeeded };
  const latest = await db.member.findFirst({ where: refused, orderBy: [{ failedAt: { sort: 'desc', nulls: 'last' } }, { memberId: 'asc' }] });
  if (!latest?.lastError) return { failing, succeeded };
  return {
    failing,
    succeeded,
    lastItemError: {
      item: `member ${latest.memberId} (location ${latest.locationId})`,
      message: latest.lastError.slice(stage.length + 2),
      at: (latest.failedAt ?? new Date()).toISOString(),
    },
  };
}
