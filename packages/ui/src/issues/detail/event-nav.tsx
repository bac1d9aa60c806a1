import type { Event } from '../../api.js';

/** Which event is shown, ← newer / older →, and the raw stack toggle. */
export function EventNav({
  shown,
  position,
  total,
  hasOlder,
  onNewer,
  onOlder,
  raw,
  setRaw,
}: {
  shown: Event | null;
  /** its index among the events loaded, -1 when not among them */
  position: number;
  total: number;
  hasOlder: boolean;
  onNewer: () => void;
  onOlder: () => void;
  raw: boolean;
  setRaw: (raw: boolean) => void;
}) {
  return (
    <div class="event-nav">
      <span class="muted small">
        {shown ? (
          <>
            {position >= 0 && `${position + 1} of ${total} · `}
            Event {shown.event_id.slice(0, 12)} · {new Date(shown.timestamp).toLocaleString()} ·{' '}
            {shown.release ?? 'no release'} · {shown.environment ?? 'no environment'}
          </>
        ) : (
          'No event'
        )}
      </span>
      <span class="spacer" />
      <button disabled={position <= 0} onClick={onNewer}>
        ← Newer
      </button>
      <button disabled={position < 0 || !hasOlder} onClick={onOlder}>
        Older →
      </button>
      <label class="small">
        <input
          type="checkbox"
          checked={raw}
          onChange={(e) => setRaw((e.target as HTMLInputElement).checked)}
        />{' '}
        raw stack
      </label>
    </div>
  );
}
