import { useState } from 'preact/hooks';
import { api, type Comment, type IssueDetail, type Member } from '../../api.js';
import { ago } from '../../format.js';
import { memberName } from '../../use-members.js';
import { useApi } from '../../use-api.js';
import { ErrorLine } from '../../error-line.js';

type Entry = { at: string; history: IssueDetail['history'][number] } | { at: string; comment: Comment };

/** The issue's history and its comments, in one timeline, oldest first; a box to add a comment. */
export function Activity({
  issue,
  projectId,
  members,
}: {
  issue: IssueDetail;
  projectId: number;
  members: Member[];
}) {
  const url = `/api/projects/${projectId}/issues/${issue.id}/comments`;
  const comments = useApi<{ comments: Comment[] }>(url);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const entries: Entry[] = [
    ...issue.history.map((h) => ({ at: h.at, history: h })),
    ...(comments.data?.comments ?? []).map((c) => ({ at: c.created_at, comment: c })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api(url, { method: 'POST', json: { text } });
      setText('');
      comments.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section class="panel activity">
      <h2>Activity</h2>
      <ol class="history">
        {entries.map((e) =>
          'comment' in e ? (
            <li class="comment" key={`c${e.comment.id}`}>
              <span class="who">
                {e.comment.author ? e.comment.author.name || e.comment.author.email : 'someone removed'}
              </span>{' '}
              <span class="muted" title={e.comment.created_at}>
                commented {ago(e.comment.created_at)}
              </span>
              <p class="comment-text">
                <Linked text={e.comment.text} />
              </p>
            </li>
          ) : (
            <li>
              <b>{e.history.kind.replace('_', ' ')}</b>
              {e.history.kind === 'assigned' && e.history.data?.assignee && (
                <> to {memberName(members, e.history.data.assignee)}</>
              )}{' '}
              {ago(e.history.at)}
              {e.history.release &&
                (e.history.data?.next_release ? (
                  <> in the release after {e.history.release}</>
                ) : (
                  <> in {e.history.release}</>
                ))}
              {e.history.actor && <span class="muted"> · by {memberName(members, e.history.actor)}</span>}
            </li>
          ),
        )}
      </ol>
      <ErrorLine error={error} />
      <form class="comment-form" onSubmit={submit}>
        <textarea
          aria-label="Comment"
          placeholder="Leave a note for your team (plain text; links become clickable)"
          maxLength={10_000}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => e.stopPropagation()} // typing here is not a shortcut
        />
        <button type="submit" disabled={!text.trim()}>
          Comment
        </button>
      </form>
    </section>
  );
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;

/** Text with its http(s) URLs as links; everything else stays text (never HTML). */
function Linked({ text }: { text: string }) {
  const parts: Array<string | { href: string }> = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    // a sentence's final punctuation is not part of the link
    const href = m[0].replace(/[.,;:!?)]+$/, '');
    parts.push(text.slice(last, m.index), { href });
    last = m.index + href.length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((p) =>
        typeof p === 'string' ? (
          p
        ) : (
          <a href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.href}
          </a>
        ),
      )}
    </>
  );
}
