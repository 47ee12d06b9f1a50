// Pages of the staff list (GET /v1/staff/integrations), oldest status change first: the first
// page, then each next page appended by its cursor.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { outcome } from '../../api/outcome';
import type { OnboardingStatus, StaffIntegration } from '../../api/views';

export interface StaffListing {
  integrations: StaffIntegration[];
  nextCursor: string | null;
  reviewSlaSeconds: number;
}

export function useStaffList(api: ApiClient, status: OnboardingStatus | null, limit: number) {
  const [listing, setListing] = useState<StaffListing | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      const result = await outcome(
        api.GET('/v1/staff/integrations', { params: { query: { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } }),
      );
      setBusy(false);
      if (!result.ok) {
        setProblem(result.problem);
        return;
      }
      setProblem(null);
      const page = result.body;
      setListing((before) => ({ ...page, integrations: cursor && before ? [...before.integrations, ...page.integrations] : page.integrations }));
    },
    [api, status, limit],
  );

  useEffect(() => {
    setListing(null);
    void load();
  }, [load]);

  const reload = useCallback(() => load(), [load]);
  const loadMore = useCallback(() => (listing?.nextCursor ? load(listing.nextCursor) : Promise.resolve()), [load, listing?.nextCursor]);
  return { listing, problem, busy, reload, loadMore };
}
