import type { RefObject } from 'preact';
import { STATUS_TABS, statusOf, withoutStatus } from './params.js';
import { useKnownValues } from './known-values.js';

/**
 * Search box, status tabs, environment, release and sort. Enter in any field applies them all (what
 * the boxes show is what applies); `set` changes the URL, which is the list's state.
 */
export function Filters({
  projectId,
  query,
  search,
  set,
}: {
  projectId: number;
  query: URLSearchParams;
  search: RefObject<HTMLInputElement>;
  set: (changes: Record<string, string | undefined>) => void;
}) {
  const status = statusOf(query);
  const known = useKnownValues(projectId);
  return (
    <form
      class="filters"
      onFocusIn={known.want}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
        set({
          query: known.inQuery(value('query')),
          environment: known.environment(value('environment')),
          release: known.release(value('release')),
        });
        search.current?.blur();
      }}
    >
      <input
        ref={search}
        class="search"
        type="search"
        name="query"
        placeholder="Search: text, is:regressed, release:1.2.0, env:production, assigned:me  (/)"
        defaultValue={query.get('query') ?? ''}
        key={query.get('query') ?? ''}
        aria-label="Search issues"
      />
      <div class="segmented" role="group" aria-label="Status">
        {STATUS_TABS.map((s) => (
          <button
            type="button"
            class={status === s ? 'on' : ''}
            onClick={() =>
              set({
                status: s === 'unresolved' ? undefined : s,
                // what the box shows is what applies, less an is: status the tab replaces
                query: withoutStatus(search.current?.value ?? '') || undefined,
              })
            }
          >
            {s}
          </button>
        ))}
      </div>
      <MineToggle query={query} set={set} />
      <input
        class="narrow"
        placeholder="environment"
        name="environment"
        defaultValue={query.get('environment') ?? ''}
        key={`env${query.get('environment')}`}
        onChange={(e) => (e.target as HTMLInputElement).form?.requestSubmit()}
        aria-label="Environment"
        list="known-environments"
        autoComplete="off"
      />
      <datalist id="known-environments">
        {known.environments.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <input
        class="narrow"
        placeholder="release"
        name="release"
        defaultValue={query.get('release') ?? ''}
        key={`rel${query.get('release')}`}
        onChange={(e) => (e.target as HTMLInputElement).form?.requestSubmit()}
        aria-label="Release"
        list="known-releases"
        autoComplete="off"
      />
      <datalist id="known-releases">
        {known.releases.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <select
        value={query.get('sort') ?? 'last_seen'}
        onChange={(e) => {
          set({ sort: (e.target as HTMLSelectElement).value });
          (e.target as HTMLSelectElement).blur(); // back to the keyboard shortcuts
        }}
        aria-label="Sort"
      >
        <option value="last_seen">Last seen</option>
        <option value="first_seen">First seen</option>
        <option value="count">Events</option>
      </select>
      {/* Enter in any field submits: a form with several text fields needs a submit button for that */}
      <button type="submit" class="sr-only" tabIndex={-1}>
        Search
      </button>
    </form>
  );
}

/** "Assigned to me": the assigned:me token in the search, on or off. */
function MineToggle({
  query,
  set,
}: {
  query: URLSearchParams;
  set: (changes: Record<string, string | undefined>) => void;
}) {
  const text = query.get('query') ?? '';
  const on = /(^|\s)assigned:me(\s|$)/.test(text);
  return (
    <button
      type="button"
      class={on ? 'toggle on' : 'toggle'}
      aria-pressed={on}
      onClick={() => {
        const next = on
          ? text.replace(/(^|\s)assigned:me(?=\s|$)/, ' ').trim()
          : `${text} assigned:me`.trim();
        set({ query: next || undefined });
      }}
    >
      Assigned to me
    </button>
  );
}
