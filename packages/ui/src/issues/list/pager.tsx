import { navigate, withQuery, type Route } from '../../router.js';
import { newerThan, rememberOlder } from '../back.js';

/** ← Newer / Older →: the API pages forward only; back.ts remembers the way back. */
export function Pager({ route, next }: { route: Route; next: string | null }) {
  const cursor = route.query.get('cursor');
  return (
    <div class="pager">
      {cursor && (
        <button onClick={() => navigate(withQuery(route, { cursor: newerThan(cursor), sel: undefined }))}>
          ← Newer
        </button>
      )}
      {next && (
        <button
          onClick={() => {
            rememberOlder(cursor, next);
            navigate(withQuery(route, { cursor: next, sel: undefined }));
          }}
        >
          Older →
        </button>
      )}
    </div>
  );
}
