import type { AlertKind, AlertTrigger } from '../db/schema.js';

/** One thing to tell: an issue or a deploy, with links into the UI. */
export interface AlertItem {
  trigger: AlertTrigger | 'test';
  project: { id: number; slug: string; name: string };
  environment: string | null;
  /** the Issue of the API, with its link */
  issue?: Record<string, unknown> & {
    id: number;
    title: string;
    culprit: string;
    count: number;
    url: string;
  };
  /** the Deploy of the API, with its verdict, reason, link and the issues it is suspected of */
  deploy?: Record<string, unknown> & {
    id: number;
    release: string;
    environment: string;
    verdict: string;
    reason: string;
    url: string;
    suspects: Array<{ id: number; title: string; url: string }>;
  };
  /** for spikes and frequency: "40 events in 10 minutes (2 expected)" */
  detail?: string;
}

/** A request to a receiver (or a mail): what the channel kind says to send. */
export type Rendered =
  { kind: 'http'; body: string } | { kind: 'email'; subject: string; text: string; html: string };

const HEADLINE: Record<AlertItem['trigger'], string> = {
  new_issue: 'New issue',
  regression: 'Regression',
  spike: 'Spike',
  frequency: 'Frequent',
  deploy_bad: 'Bad deploy',
  deploy_suspect: 'Suspect deploy',
  test: 'Test message',
};

/** "New issue: TypeError: x is undefined" — one line, plain text. */
export function headline(item: AlertItem): string {
  if (item.trigger === 'test') return `Test message from Faultline for ${item.project.name}`;
  if (item.deploy)
    return `${HEADLINE[item.trigger]}: ${item.deploy.release} to ${item.deploy.environment} (${item.deploy.reason})`;
  return `${HEADLINE[item.trigger]}: ${item.issue?.title ?? 'an issue'}`;
}

/** Where the item points in the UI. */
const link = (item: AlertItem): string | null => item.issue?.url ?? item.deploy?.url ?? null;

/** The facts shown under the headline. */
function facts(item: AlertItem): Array<[string, string]> {
  const out: Array<[string, string]> = [['Project', item.project.name]];
  if (item.environment) out.push(['Environment', item.environment]);
  if (item.issue) {
    if (item.issue.culprit) out.push(['Culprit', item.issue.culprit]);
    const release = item.issue.last_release ?? item.issue.first_release;
    if (typeof release === 'string') out.push(['Release', release]);
    out.push(['Events', String(item.issue.count)]);
  }
  if (item.deploy) {
    out.push(['Release', item.deploy.release], ['Verdict', `${item.deploy.verdict}: ${item.deploy.reason}`]);
    if (item.deploy.suspects.length)
      out.push(['Suspect issues', item.deploy.suspects.map((s) => s.title).join('; ')]);
  }
  if (item.detail) out.push(['What', item.detail]);
  return out;
}

/** The webhook body of api.md for one item. */
export function webhookBody(item: AlertItem, sentAt: Date): Record<string, unknown> {
  return {
    trigger: item.trigger,
    project: item.project,
    environment: item.environment,
    ...(item.issue ? { issue: item.issue } : {}),
    ...(item.deploy ? { deploy: item.deploy } : {}),
    ...(item.detail ? { detail: item.detail } : {}),
    sent_at: sentAt.toISOString(),
  };
}

// Slack's mrkdwn treats &, < and > as markup: event data is escaped so it shows as sent.
const slackText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Discord's markdown: event data keeps its characters instead of turning into formatting
const discordText = (s: string) => s.replace(/([\\*_~`|>#[\]()-])/g, '\\$1');
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The message for one channel kind: one item, or a digest of several (a burst). */
export function render(kind: AlertKind, items: AlertItem[], sentAt: Date): Rendered {
  const digest = items.length > 1;
  const project = items[0]!.project;
  const title = digest
    ? `${items.length} alerts for ${project.name} in the last minute`
    : headline(items[0]!);
  switch (kind) {
    case 'webhook':
      return {
        kind: 'http',
        body: JSON.stringify(
          digest
            ? {
                trigger: 'digest',
                project,
                messages: items.map((i) => webhookBody(i, sentAt)),
                sent_at: sentAt.toISOString(),
              }
            : webhookBody(items[0]!, sentAt),
        ),
      };
    case 'slack': {
      const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: cut(title, 150) } }];
      for (const item of items.slice(0, 20)) {
        const url = link(item);
        const head = digest ? `*${slackText(headline(item))}*\n` : '';
        const lines = facts(item).map(([k, v]) => `*${k}:* ${slackText(cut(v, 300))}`);
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(head + lines.join('\n'), 2900) } });
        if (url)
          blocks.push({
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Faultline' }, url }],
          });
      }
      if (items.length > 20)
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `and ${items.length - 20} more` }],
        });
      return { kind: 'http', body: JSON.stringify({ text: slackText(title), blocks }) };
    }
    case 'discord': {
      const color = (i: AlertItem) =>
        i.trigger === 'deploy_bad' || i.trigger === 'regression' ? 0xd93f0b : 0xe99695;
      const embeds = items.slice(0, 10).map((item) => ({
        title: cut(headline(item), 256),
        ...(link(item) ? { url: link(item) } : {}),
        color: color(item),
        fields: facts(item).map(([name, value]) => ({
          name,
          value: cut(discordText(value), 1024),
          inline: name !== 'Culprit',
        })),
        timestamp: sentAt.toISOString(),
      }));
      return {
        kind: 'http',
        body: JSON.stringify({
          content: cut(
            digest ? `${title}${items.length > 10 ? ` (first 10 shown)` : ''}` : discordText(title),
            2000,
          ),
          embeds,
          allowed_mentions: { parse: [] },
        }),
      };
    }
    case 'teams': {
      const body: unknown[] = [
        { type: 'TextBlock', text: cut(title, 500), weight: 'Bolder', size: 'Medium', wrap: true },
      ];
      const actions: unknown[] = [];
      for (const item of items.slice(0, 20)) {
        if (digest)
          body.push({
            type: 'TextBlock',
            text: cut(headline(item), 500),
            weight: 'Bolder',
            wrap: true,
            separator: true,
          });
        body.push({
          type: 'FactSet',
          facts: facts(item).map(([title, value]) => ({ title, value: cut(value, 500) })),
        });
        const url = link(item);
        if (url && !digest) actions.push({ type: 'Action.OpenUrl', title: 'Open in Faultline', url });
      }
      return {
        kind: 'http',
        body: JSON.stringify({
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: {
                $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                type: 'AdaptiveCard',
                version: '1.4',
                body,
                actions,
              },
            },
          ],
        }),
      };
    }
    case 'email': {
      const text = items
        .map((item) =>
          [
            headline(item),
            ...facts(item).map(([k, v]) => `${k}: ${v}`),
            ...(link(item) ? [link(item)!] : []),
          ].join('\n'),
        )
        .join('\n\n');
      const parts = items.map((item) => {
        const url = link(item);
        const rows = facts(item)
          .map(([k, v]) => `<tr><th align="left">${html(k)}</th><td>${html(v)}</td></tr>`)
          .join('');
        return `<h3>${html(headline(item))}</h3><table>${rows}</table>${url ? `<p><a href="${html(url)}">Open in Faultline</a></p>` : ''}`;
      });
      return {
        kind: 'email',
        subject: cut(`[Faultline] ${title}`, 200),
        text,
        html: `<!doctype html><html><body>${digest ? `<h2>${html(title)}</h2>` : ''}${parts.join('<hr>')}</body></html>`,
      };
    }
  }
}
