// The signed-in user, for the pages behind the sign-in check (App's RequireSession provides it).
import { createContext, useContext } from 'react';
import type { Session } from './api/session';

export interface SignedIn {
  session: Session;
  signOut: () => void;
}

export const SignedInContext = createContext<SignedIn | null>(null);

export function useSignedIn(): SignedIn {
  const value = useContext(SignedInContext);
  if (!value) throw new Error('useSignedIn() outside the signed-in pages');
  return value;
}
