// An integration's audit trail (GET /v1/staff/integrations/{partnerId}/audit), newest first:
// the first page, then older ones appended by the cursor. The answer also carries the link to
// the integration's workflow in the Temporal UI.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { outcome } from '../../api/outcome';
import type { AuditTrail } from '../../api/views';

const PAGE = 25;

export function useAuditTrail(api: ApiClient, partnerId: string) {
  const [trail, setTrail] = useState<AuditTrail | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (cursor?: string) => {
      setBusy(true);
      const result = await outcome(
        api.GET('/v1/staff/integrations/{partnerId}/audit', { params: { path: { partnerId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } } }),
      );
      setBusy(false);
      if (!result.ok) {
        setProblem(result.problem);
        return;
      }
      setProblem(null);
      const page = result.body;
      setTrail((before) => ({ ...page, events: cursor && before ? [...before.events, ...page.events] : page.events }));
    },
    [api, partnerId],
  );

  useEffect(() => {
    setTrail(null);
    void load();
  }, [load]);

  const loadOlder = useCallback(() => (trail?.nextCursor ? load(trail.nextCursor) : Promise.resolve()), [load, trail?.nextCursor]);
  const reload = useCallback(() => load(), [load]);
  return { trail, problem, busy, reload, loadOlder };
}
