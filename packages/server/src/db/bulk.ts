import { sql, type SQL } from 'drizzle-orm';

/**
 * One array parameter per column (`unnest($1::int[], $2::text[], …)`) instead of one parameter per
 * value: the statement text is the same for any batch size, so the driver prepares it once, and
 * building it costs nothing per row. This is the hot path of ingest.
 */
export function unnest(columns: Array<[values: unknown[], pgType: string]>): SQL {
  return sql`unnest(${sql.join(
    columns.map(([values, type]) => sql`${sql.param(values)}::${sql.raw(type)}[]`),
    sql`, `,
  )})`;
}
