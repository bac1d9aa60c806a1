import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { alertChannels, alertDeliveries } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { loadItems } from './items.js';
import { render } from './messages.js';
import { lastDeliveryOf, send, type SendOptions, type SendResult } from './send.js';

/**
 * A burst: past this many messages to one channel within a minute, what follows is held (at most
 * HOLD_MS) and sent as one digest.
 */
export const BURST = 5;
const MINUTE = 60_000;
/** past the burst limit, a message waits at most this long (then all waiting go as one digest) */
const HOLD_MS = 10_000;
/** a message is retried for this long, then it is failed */
export const GIVE_UP_MS = 24 * 3_600_000;
/**
 * How long a process owns a channel's sending, renewed before each message (one message takes at
 * most the send timeout): a crashed owner's lease runs out and another process (or the restarted
 * one) resumes, sending again at most the one message that was in flight.
 */
const leaseMs = (ctx: DeliverContext) => Math.max(20_000, 2 * (ctx.send.timeoutMs ?? 10_000));

/** Retry delays: 5 s, 10 s, 20 s … doubling, at most 30 minutes. */
export const backoffMs = (attempts: number) => Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 30 * MINUTE);

export interface DeliverContext {
  db: Db;
  now: () => Date;
  /** this process, as lease owner */
  owner: string;
  baseUrl: string;
  send: SendOptions;
  /** counts outcomes for /metrics */
  onOutcome?: (status: 'delivered' | 'failed' | 'retry', n: number) => void;
}

type Channel = typeof alertChannels.$inferSelect;
type Delivery = typeof alertDeliveries.$inferSelect;

/**
 * Sends what is due, channel by channel. A channel is claimed with a lease (one sender per channel
 * across processes, so its messages go out in order); a message whose attempt failed holds the ones
 * after it until its retry. Returns the number of messages sent (a digest counts once).
 */
export async function deliverDue(ctx: DeliverContext): Promise<number> {
  const now = ctx.now();
  const claimed = await rowsOf<{ id: number }>(
    ctx.db,
    sql`update alert_channels set lease_until = ${new Date(now.getTime() + leaseMs(ctx)).toISOString()}::timestamptz,
          lease_owner = ${ctx.owner}
        where id in (
          select c.id from alert_channels c
          where (c.lease_until is null or c.lease_until < ${now.toISOString()}::timestamptz)
            and exists (select 1 from alert_deliveries d where d.channel_id = c.id and d.status = 'pending'
                          and d.next_attempt_at <= ${now.toISOString()}::timestamptz)
          order by c.id limit 20
          for update skip locked)
        returning id`,
  );
  if (!claimed.length) return 0;
  const sent = await Promise.all(claimed.map((c) => deliverChannel(ctx, c.id).catch(() => 0)));
  return sent.reduce((a, b) => a + b, 0);
}

async function deliverChannel(ctx: DeliverContext, channelId: number): Promise<number> {
  let sent = 0;
  try {
    for (;;) {
      const now = ctx.now();
      // renew the lease (and check it is still ours) before each message
      const [channel] = await ctx.db
        .update(alertChannels)
        .set({ leaseUntil: new Date(now.getTime() + leaseMs(ctx)) })
        .where(and(eq(alertChannels.id, channelId), eq(alertChannels.leaseOwner, ctx.owner)))
        .returning();
      if (!channel) return sent;
      const pending = await ctx.db
        .select()
        .from(alertDeliveries)
        .where(and(eq(alertDeliveries.channelId, channelId), eq(alertDeliveries.status, 'pending')))
        .orderBy(asc(alertDeliveries.id))
        .limit(200);
      const head = pending[0];
      if (!head || head.nextAttemptAt > now) return sent; // in order: the rest wait for the head
      const [recent] = await rowsOf<{ n: number | string }>(
        ctx.db,
        sql`select count(*) as n from alert_deliveries
            where channel_id = ${channelId} and sent_at > ${new Date(now.getTime() - MINUTE).toISOString()}::timestamptz
              and (digest_of is null or digest_of = id)`,
      );
      const budget = BURST - Number(recent?.n ?? 0);
      let batch: Delivery[];
      if (pending.length <= budget) batch = [head];
      else if (budget > 0)
        batch = pending; // a burst: one digest of everything waiting
      // the limit is reached: what comes next waits a little and goes out as one digest; a deploy's
      // verdict does not wait (it is what the team is watching for, minutes after a deploy)
      else if (head.trigger.startsWith('deploy_') || now.getTime() - head.createdAt.getTime() >= HOLD_MS)
        batch = pending;
      else return sent;
      await sendBatch(ctx, channel, batch, now);
      sent++;
    }
  } finally {
    await ctx.db
      .update(alertChannels)
      .set({ leaseUntil: null, leaseOwner: null })
      .where(and(eq(alertChannels.id, channelId), eq(alertChannels.leaseOwner, ctx.owner)));
  }
}

async function sendBatch(ctx: DeliverContext, channel: Channel, batch: Delivery[], now: Date): Promise<void> {
  const items = await loadItems(ctx.db, batch, ctx.baseUrl, now);
  const head = batch[0]!;
  const result: SendResult = await send(
    channel,
    render(channel.kind, items, now),
    `faultline-${head.id}`,
    ctx.send,
  );
  const ids = batch.map((d) => d.id);
  const done = ctx.now();
  if (result.ok) {
    await ctx.db
      .update(alertDeliveries)
      .set({
        status: 'delivered',
        sentAt: done,
        attempts: sql`${alertDeliveries.attempts} + 1`,
        httpStatus: result.httpStatus ?? null,
        error: null,
        digestOf: batch.length > 1 ? head.id : null,
      })
      .where(inArray(alertDeliveries.id, ids));
    ctx.onOutcome?.('delivered', batch.length);
  } else {
    const giveUp = done.getTime() - head.createdAt.getTime() >= GIVE_UP_MS;
    const wait = result.retryAfter !== undefined ? result.retryAfter * 1000 : backoffMs(head.attempts + 1);
    await ctx.db
      .update(alertDeliveries)
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts: sql`${alertDeliveries.attempts} + 1`,
        httpStatus: result.httpStatus ?? null,
        error: result.error ?? 'failed',
        nextAttemptAt: new Date(done.getTime() + wait),
      })
      // every message of a failed digest waits for the retry (then goes out with what came meanwhile)
      .where(giveUp ? inArray(alertDeliveries.id, [head.id]) : inArray(alertDeliveries.id, ids));
    ctx.onOutcome?.(giveUp ? 'failed' : 'retry', giveUp ? 1 : batch.length);
  }
  await ctx.db
    .update(alertChannels)
    .set({ lastDelivery: lastDeliveryOf(result, done) })
    .where(eq(alertChannels.id, channel.id));
}
