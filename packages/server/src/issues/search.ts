import { badRequest } from '../http/errors.js';
import { SUBSTATUSES, type Substatus } from './lifecycle.js';

/** The statuses a list can show (merged issues are never listed). */
export const STATUSES = ['unresolved', 'resolved', 'ignored', 'all'] as const;
export type StatusFilter = (typeof STATUSES)[number];

export interface IssueFilter {
  status: StatusFilter;
  substatus: Substatus | null;
  environment: string | null;
  release: string | null;
  level: string | null;
  /** only issues with a spike in the last hour (`is:spiking`) */
  spiking: boolean;
  /** `assigned:me` / `assigned:<email>` (an email), `assigned:none` (null); undefined: any */
  assignee: string | null | undefined;
  text: string[];
}

/**
 * Reads the list filters: the status/environment/release parameters, and the `query` search box with
 * `is:` (a status, new, ongoing, regressed, spiking), `release:`, `env:`/`environment:`, `level:`,
 * `assigned:` (me, none or an email) tokens plus free text (quotes keep words together). `me` is the
 * caller's email (null for a token no user created).
 */
export function parseFilter(
  params: {
    status: StatusFilter;
    environment?: string;
    release?: string;
    query?: string;
  },
  me: string | null = null,
): IssueFilter {
  const filter: IssueFilter = {
    status: params.status,
    substatus: null,
    environment: params.environment || null,
    release: params.release || null,
    level: null,
    spiking: false,
    assignee: undefined,
    text: [],
  };
  const tokens = (params.query ?? '').match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
  for (const token of tokens) {
    const m = /^(is|release|env|environment|level|assigned):(.*)$/.exec(token);
    const value = (m ? m[2]! : token).replace(/^"|"$/g, '');
    if (!m) {
      if (value) filter.text.push(value);
      continue;
    }
    const key = m[1];
    if (key === 'is') {
      if (value === 'spiking') filter.spiking = true;
      else if ((SUBSTATUSES as readonly string[]).includes(value)) {
        filter.substatus = value as Substatus;
        filter.status = 'unresolved';
      } else if ((STATUSES as readonly string[]).includes(value)) filter.status = value as StatusFilter;
      else
        throw badRequest(
          `is: takes ${STATUSES.join(', ')}, new, ongoing, regressed or spiking, not "${value}"`,
        );
    } else if (key === 'assigned') {
      if (value === 'none') filter.assignee = null;
      else if (value === 'me') {
        if (!me) throw badRequest('assigned:me needs a user: this token was not created by one');
        filter.assignee = me;
      } else filter.assignee = value.toLowerCase();
    } else if (key === 'release') filter.release = value;
    else if (key === 'level') filter.level = value;
    else filter.environment = value;
  }
  return filter;
}
