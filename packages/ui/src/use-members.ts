import type { Member } from './api.js';
import { useApi } from './use-api.js';

/** The instance's members (for pickers and names), fetched once per page that needs them. */
export function useMembers(): Member[] {
  return useApi<{ users: Member[] }>('/api/users').data?.users ?? [];
}

/** How a member is named in the UI: their name, else their email. */
export function memberName(members: Member[], email: string): string {
  const m = members.find((u) => u.email === email);
  return m?.name || email;
}
