// The API's answers as TypeScript types, taken from the serializers that write them. The UI imports
// these (type-only: `import type … from '@faultline/server/api-types'`) instead of declaring its own.
import type * as v from 'valibot';
import type { ChannelResponse, DeliveryResponse, RuleResponse, TestResponse } from './alerts/schemas.js';
import type { MeResponse, TokenResponse } from './auth/schemas.js';
import type { Frame } from './grouping/types.js';
import type { issueDetail } from './issues/detail.js';
import type { CommentResponse, IssueListResponse } from './issues/schemas.js';
import type { KeyResponse } from './projects/schemas.js';
import type { InviteResponse, NewInviteResponse, UserResponse } from './users/schemas.js';
import type { eventJson, eventSummaryJson, issueJson } from './issues/serialize.js';
import type { projectJson } from './projects/service.js';
import type { deployJson } from './releases/deploys.js';
import type { deployHealth } from './releases/health.js';
import type { releaseDetail } from './releases/detail.js';
import type { listReleases } from './releases/list.js';
import type { projectEnvironments } from './stats/environments.js';
import type { mapJson } from './symbolicate/maps.js';
import type { projectUsage } from './usage/report.js';

export type { Frame };
export type Issue = ReturnType<typeof issueJson>;
/** An issue in a list: whether it is spiking, and its hourly counts when `stats=24h` was asked. */
export type IssueListItem = v.InferOutput<typeof IssueListResponse>['issues'][number];
export type IssueList = v.InferOutput<typeof IssueListResponse>;
export type IssueDetail = Awaited<ReturnType<typeof issueDetail>>;
export type Event = ReturnType<typeof eventJson>;
export type EventSummary = ReturnType<typeof eventSummaryJson>;
export type EventList = { events: EventSummary[]; next_cursor: string | null };
export type Project = ReturnType<typeof projectJson>;
export type Deploy = ReturnType<typeof deployJson>;
export type DeployHealth = Awaited<ReturnType<typeof deployHealth>>;
export type Release = Awaited<ReturnType<typeof listReleases>>[number];
export type ReleaseDetail = Awaited<ReturnType<typeof releaseDetail>>;
export type Environment = Awaited<ReturnType<typeof projectEnvironments>>[number];
export type Usage = Awaited<ReturnType<typeof projectUsage>>;
export type Sourcemap = ReturnType<typeof mapJson>;
export type Token = v.InferOutput<typeof TokenResponse>;
export type Me = v.InferOutput<typeof MeResponse>;
export type { ErrorCode } from './http/errors.js';
export type AlertChannel = v.InferOutput<typeof ChannelResponse>;
export type AlertRule = v.InferOutput<typeof RuleResponse>;
export type AlertDelivery = v.InferOutput<typeof DeliveryResponse>;
export type AlertTest = v.InferOutput<typeof TestResponse>;
export type Member = v.InferOutput<typeof UserResponse>;
export type Invite = v.InferOutput<typeof InviteResponse>;
export type NewInvite = v.InferOutput<typeof NewInviteResponse>;
export type Comment = v.InferOutput<typeof CommentResponse>;
export type ProjectKey = v.InferOutput<typeof KeyResponse>;
