/** The signed-in user, for pages inside RequireAuth. */
import { createContext, useContext } from 'react';
import type { Me } from '../api/types.js';

export const CurrentUserContext = createContext<Me | null>(null);

export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser is only for pages behind RequireAuth.');
  return me;
}

export const can = (me: Me, permission: string) => me.permissions.includes(permission);
