// Who is signed in, from GET /v1/session (the cookie is HttpOnly: the pages cannot read it).
import { useCallback, useEffect, useState } from 'react';
import { useApi } from './context';

export interface Session {
  sub: string;
  role: 'partner' | 'staff';
  partnerId?: string;
  expiresAt: string;
}

export type SessionState = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; session: Session } | { kind: 'error'; message: string };

export function useSession(): SessionState & { reload: () => void } {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    api.GET('/v1/session').then(
      ({ data, response }) => {
        if (!live) return;
        if (data) setState({ kind: 'signed-in', session: data });
        else if (response.status === 401) setState({ kind: 'signed-out' });
        else setState({ kind: 'error', message: `The service answered ${response.status}.` });
      },
      () => live && setState({ kind: 'error', message: 'The service cannot be reached.' }),
    );
    return () => {
      live = false;
    };
  }, [api, round]);
  // Back to loading first: a page that navigates right after signing in (or out) must not be
  // judged by the previous answer, which would send a just-signed-in partner back to sign-in.
  const reload = useCallback(() => {
    setState({ kind: 'loading' });
    setRound((n) => n + 1);
  }, []);
  return { ...state, reload };
}
