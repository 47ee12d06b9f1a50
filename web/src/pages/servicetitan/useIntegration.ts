// The partner's onboarding state (GET …/servicetitan) and, once credentials are in, the catalog of
// choices from their ServiceTitan (GET …/catalog), each loaded once and replaced by step answers.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { outcome } from '../../api/outcome';
import type { Catalog, OnboardingState } from '../../api/views';

const BASE = '/v1/partners/{partnerId}/integrations/servicetitan';

export type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; problem: ApiProblem };

export function useOnboardingState(api: ApiClient, partnerId: string) {
  const [loaded, setLoaded] = useState<Loaded<OnboardingState | null>>({ kind: 'loading' });
  const reload = useCallback(async () => {
    const result = await outcome(api.GET(BASE, { params: { path: { partnerId } } }));
    if (result.ok) setLoaded({ kind: 'ready', value: result.body });
    // No onboarding yet: the guide starts at "Before you start".
    else if (result.problem.status === 404) setLoaded({ kind: 'ready', value: null });
    else setLoaded({ kind: 'error', problem: result.problem });
  }, [api, partnerId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const setState = useCallback((state: OnboardingState) => setLoaded({ kind: 'ready', value: state }), []);
  return { loaded, reload, setState };
}

export function useCatalog(api: ApiClient, partnerId: string, wanted: boolean) {
  const [loaded, setLoaded] = useState<Loaded<Catalog> | null>(null);
  const reload = useCallback(async () => {
    setLoaded({ kind: 'loading' });
    const result = await outcome(api.GET(`${BASE}/catalog`, { params: { path: { partnerId } } }));
    setLoaded(result.ok ? { kind: 'ready', value: result.body } : { kind: 'error', problem: result.problem });
  }, [api, partnerId]);
  useEffect(() => {
    if (wanted && loaded === null) void reload();
  }, [wanted, loaded, reload]);
  return { loaded, reload };
}

/** Re-reads the state every `ms` while `active` (review by SmartAC happens elsewhere). */
export function usePolling(active: boolean, ms: number, poll: () => Promise<void>) {
  // The latest poll function, so a re-render (a new closure) does not restart the timer.
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  }, [poll]);
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => void latest.current(), ms);
    return () => window.clearInterval(timer);
  }, [active, ms]);
}
