import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { deploys, issues, projects } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { Deps, Env } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { planIssueUpdate, updateIssues } from '../issues/update.js';
import { deployHealth } from '../releases/health.js';

const MAX_BODY = 16 * 1024;
const FIVE_MINUTES = 300;

/** Slack's v0 request signature: HMAC-SHA256 of "v0:<timestamp>:<raw body>", timestamp within 5 minutes. */
export function slackSignatureOk(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowSeconds: number,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > FIVE_MINUTES) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Reply {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: unknown[];
}

const reply = (text: string, lines: string[] = [], inChannel = false): Reply => ({
  response_type: inChannel ? 'in_channel' : 'ephemeral',
  text,
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: esc(text) } },
    ...(lines.length
      ? [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }]
      : []),
  ],
});
// event data shows as sent, not as Slack markup
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const HELP = [
  '`/faultline status [project]` — open issues, new today, latest deploys and their verdicts',
  '`/faultline issues [project]` — the 10 most recent open issues',
  '`/faultline resolve <issue id>` — resolve an issue',
  '`/faultline ignore <issue id> [30m|2h|1d]` — ignore an issue, for good or for a while',
  '`/faultline deploys [project]` — the latest deploys and their health',
];

/** POST /api/chatops/slack: a Slack slash command (docs/api.md, "Chat ops"). */
export function chatopsRoutes(deps: Deps & { baseUrl: () => string }) {
  const app = new Hono<Env>();
  const { db, config } = deps;

  app.post('/chatops/slack', async (c) => {
    const secret = config.alerts.slackSigningSecret;
    if (!secret)
      throw new ApiError('unauthorized', 'Slack commands are off: set FAULTLINE_SLACK_SIGNING_SECRET');
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BODY) throw new ApiError('payload_too_large', 'a slash command is at most 16 KB');
    const raw = await c.req.text();
    if (raw.length > MAX_BODY) throw new ApiError('payload_too_large', 'a slash command is at most 16 KB');
    const ok = slackSignatureOk(
      secret,
      c.req.header('x-slack-request-timestamp'),
      c.req.header('x-slack-signature'),
      raw,
      Math.floor(config.now().getTime() / 1000),
    );
    if (!ok) throw new ApiError('unauthorized', 'bad or stale Slack signature');
    const form = new URLSearchParams(raw);
    const [command = 'help', ...args] = (form.get('text') ?? '').trim().split(/\s+/).filter(Boolean);
    const who = `slack:${form.get('user_name') || form.get('user_id') || 'someone'}`;
    return c.json(await run(db, command.toLowerCase(), args, who, config.now(), deps.baseUrl()));
  });

  return app;
}

async function findProject(db: Db, name: string | undefined) {
  const rows = name
    ? await db
        .select()
        .from(projects)
        .where(
          and(
            isNull(projects.deletedAt),
            or(
              eq(projects.slug, name.toLowerCase()),
              sql`lower(${projects.name}) = ${name.toLowerCase()}`,
              /^\d+$/.test(name) ? eq(projects.id, Number(name)) : undefined,
            ),
          ),
        )
        .limit(1)
    : await db.select().from(projects).where(isNull(projects.deletedAt)).orderBy(asc(projects.id)).limit(1);
  return rows[0] ?? null;
}

async function run(
  db: Db,
  command: string,
  args: string[],
  who: string,
  now: Date,
  baseUrl: string,
): Promise<Reply> {
  const link = (projectId: number, issueId: number) =>
    `<${baseUrl}/p/${projectId}/issues/${issueId}|#${issueId}>`;
  if (command === 'help') return reply('Faultline commands', HELP);

  if (command === 'status' || command === 'issues' || command === 'deploys') {
    const project = await findProject(db, args[0]);
    if (!project) return reply(`No project "${args[0]}".`);
    if (command === 'issues') {
      const rows = await db
        .select()
        .from(issues)
        .where(and(eq(issues.projectId, project.id), eq(issues.status, 'unresolved')))
        .orderBy(desc(issues.lastSeen))
        .limit(10);
      return reply(
        rows.length ? `Open issues in ${project.name}` : `No open issues in ${project.name}.`,
        rows.map((i) => `${link(project.id, i.id)} ${esc(i.title.slice(0, 150))} — ${i.count} events`),
      );
    }
    const recent = await db
      .select()
      .from(deploys)
      .where(eq(deploys.projectId, project.id))
      .orderBy(desc(deploys.finishedAt))
      .limit(5);
    const deployLines = await Promise.all(
      recent.map(async (d) => {
        const h = await deployHealth(db, d, now);
        return `*${esc(d.release)}* to ${esc(d.environment)}: ${h.verdict} — ${esc(h.reason)}`;
      }),
    );
    if (command === 'deploys')
      return reply(
        recent.length ? `Latest deploys of ${project.name}` : `No deploys of ${project.name} yet.`,
        deployLines,
      );
    const [open] = await db
      .select({ n: count() })
      .from(issues)
      .where(and(eq(issues.projectId, project.id), eq(issues.status, 'unresolved')));
    const [fresh] = await db
      .select({ n: count() })
      .from(issues)
      .where(
        and(eq(issues.projectId, project.id), gte(issues.firstSeen, new Date(now.getTime() - 86_400_000))),
      );
    return reply(
      `${project.name}: ${open?.n ?? 0} open issues, ${fresh?.n ?? 0} new in the last 24 hours`,
      deployLines,
    );
  }

  if (command === 'resolve' || command === 'ignore') {
    const id = Number(args[0]);
    if (!/^\d{1,9}$/.test(args[0] ?? '')) return reply(`Usage: ${command === 'resolve' ? HELP[2] : HELP[3]}`);
    const [issue] = await db.select().from(issues).where(eq(issues.id, id)).limit(1);
    if (!issue || issue.mergedInto !== null) return reply(`No issue #${id}.`);
    let until: Date | undefined;
    if (command === 'ignore' && args[1]) {
      const m = /^(\d{1,4})([mhd])$/.exec(args[1]);
      if (!m) return reply('Say how long as 30m, 2h or 1d.');
      until = new Date(
        now.getTime() + Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm'],
      );
    }
    const plan = await planIssueUpdate(
      db,
      issue.projectId,
      command === 'resolve'
        ? { status: 'resolved' }
        : { status: 'ignored', ...(until ? { ignore_until: until } : {}) },
      now,
    );
    await updateIssues(db, issue.projectId, [issue.id], plan, who, now);
    const what =
      command === 'resolve' ? 'resolved' : until ? `ignored until ${until.toISOString()}` : 'ignored';
    return reply(
      `${who.slice(6)} ${what} #${issue.id}: ${issue.title.slice(0, 150)}`,
      [link(issue.projectId, issue.id)],
      true,
    );
  }

  return reply(`Unknown command "${command}".`, HELP);
}
