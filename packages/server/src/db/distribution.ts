// The path past one PostgreSQL (README, Scaling out): with Citus, the tables that grow with traffic
// are distributed by project_id, and the small, instance-wide ones are reference tables copied to
// every node. citus-keys.test.ts holds the schema to this: every table is in one list, and every
// primary key and unique index of a distributed table starts with project_id, so each is enforced
// inside one shard and a query for one project goes to one shard.

/** Grow with events: distributed by `project_id`, co-located (joins on project_id stay on one node). */
export const DISTRIBUTED_TABLES = [
  'events',
  'event_ids',
  'issues',
  'issue_hashes',
  'issue_hourly',
  'issue_minutely',
  'issue_tag_values',
  'issue_activity',
  'issue_comments',
  'spikes',
  'env_minutely',
  'usage_hourly',
  'storage_daily',
  'releases',
  'deploys',
  'sourcemaps',
  'alert_facts',
  'alert_deliveries',
] as const;

/** Small, instance-wide or per-project configuration: reference tables (a copy on every node). */
export const REFERENCE_TABLES = [
  'projects',
  'project_keys',
  'users',
  'invites',
  'login_failures',
  'api_tokens',
  'sessions',
  'job_runs',
  'alert_channels',
  'alert_rules',
] as const;

/** The statements that turn a migrated database into a distributed one (run once, on the coordinator). */
export function citusStatements(): string[] {
  return [
    ...REFERENCE_TABLES.map((t) => `SELECT create_reference_table('${t}');`),
    `SELECT create_distributed_table('events', 'project_id');`,
    ...DISTRIBUTED_TABLES.filter((t) => t !== 'events').map(
      (t) => `SELECT create_distributed_table('${t}', 'project_id', colocate_with => 'events');`,
    ),
  ];
}
