import * as v from 'valibot';
import {
  ChannelBody,
  ChannelPatch,
  ChannelResponse,
  DeliveryListQuery,
  DeliveryResponse,
  RuleBody,
  RulePatch,
  RuleResponse,
  TestResponse,
} from './alerts/schemas.js';
import { created, noContent, ok, write } from './api-docs-common.js';
import type { RouteDoc } from './http/openapi.js';

// The routes of "Alerts" and "Chat ops" (api.md) in the route table of api-docs.ts.

const object = v.looseObject({});

export const ALERT_ROUTE_DOCS: RouteDoc[] = [
  // ---- alerts and chat ops ----
  {
    method: 'get',
    path: '/api/projects/:projectId/alert-channels',
    tag: 'alerts',
    summary: 'Alert channels (webhook, Slack, Discord, Teams, email)',
    access: write,
    response: ok('{"channels": [...]}', v.strictObject({ channels: v.array(ChannelResponse) })),
  },
  {
    method: 'post',
    path: '/api/projects/:projectId/alert-channels',
    tag: 'alerts',
    summary: 'Add an alert channel',
    access: write,
    body: ChannelBody,
    response: created('the channel', ChannelResponse),
  },
  {
    method: 'patch',
    path: '/api/projects/:projectId/alert-channels/:id',
    tag: 'alerts',
    summary: 'Change an alert channel',
    access: write,
    body: ChannelPatch,
    response: ok('the channel', ChannelResponse),
  },
  {
    method: 'delete',
    path: '/api/projects/:projectId/alert-channels/:id',
    tag: 'alerts',
    summary: 'Delete an alert channel (rules stop naming it)',
    access: write,
    response: noContent,
  },
  {
    method: 'post',
    path: '/api/projects/:projectId/alert-channels/:id/test',
    tag: 'alerts',
    summary: 'Send a test message now',
    access: write,
    response: ok('how the delivery went', TestResponse),
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/alert-rules',
    tag: 'alerts',
    summary: 'Alert rules',
    access: write,
    response: ok('{"rules": [...]}', v.strictObject({ rules: v.array(RuleResponse) })),
  },
  {
    method: 'post',
    path: '/api/projects/:projectId/alert-rules',
    tag: 'alerts',
    summary: 'Add an alert rule',
    access: write,
    body: RuleBody,
    response: created('the rule', RuleResponse),
  },
  {
    method: 'patch',
    path: '/api/projects/:projectId/alert-rules/:id',
    tag: 'alerts',
    summary: 'Change an alert rule (enable, disable…)',
    access: write,
    body: RulePatch,
    response: ok('the rule', RuleResponse),
  },
  {
    method: 'delete',
    path: '/api/projects/:projectId/alert-rules/:id',
    tag: 'alerts',
    summary: 'Delete an alert rule',
    access: write,
    response: noContent,
  },
  {
    method: 'get',
    path: '/api/projects/:projectId/alert-deliveries',
    tag: 'alerts',
    summary: 'Recent alert deliveries, newest first',
    access: write,
    query: DeliveryListQuery,
    response: ok('{"deliveries": [...]}', v.strictObject({ deliveries: v.array(DeliveryResponse) })),
  },
  {
    method: 'post',
    path: '/api/chatops/slack',
    tag: 'alerts',
    summary: 'Slack slash command (status, issues, resolve, ignore, deploys, help)',
    description:
      "Verified with Slack's v0 signature (X-Slack-Signature, X-Slack-Request-Timestamp within 5 minutes) " +
      'keyed with FAULTLINE_SLACK_SIGNING_SECRET; 401 otherwise.',
    access: { auth: 'none' },
    rawBody: { contentType: 'application/x-www-form-urlencoded', description: 'as Slack sends it' },
    response: ok('a Slack message (response_type, text, blocks)', object),
  },
];
