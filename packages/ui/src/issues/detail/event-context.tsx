import { Panel } from './panels.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown) =>
  v !== null && v !== undefined && v !== '' && !(isObject(v) && !Object.keys(v).length);

/** A value as text: strings as they are, anything else as compact JSON. */
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Name/value rows; empty values are left out. Rendered as text, whatever the event holds. */
export function KeyValues({ entries, label }: { entries: Array<[string, unknown]>; label: string }) {
  const rows = entries.filter(([, v]) => present(v));
  if (!rows.length) return null;
  return (
    <table class="kv" aria-label={label}>
      <tbody>
        {rows.map(([k, v], i) => (
          <tr key={`${k}:${i}`}>
            <th scope="row">{k}</th>
            <td>{text(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Headers and query strings come as an object or as [name, value] pairs (Sentry allows both). */
function pairs(v: unknown): Array<[string, unknown]> {
  if (Array.isArray(v))
    return v.filter((p): p is [string, unknown] => Array.isArray(p) && typeof p[0] === 'string');
  if (isObject(v)) return Object.entries(v);
  if (typeof v === 'string' && v) return [...new URLSearchParams(v)];
  return [];
}

/** The request: method and URL on one line, then its query, headers, cookies and body. */
export function RequestPanel({ request }: { request: Json }) {
  const { method, url, query_string, headers, cookies, data, env, ...rest } = request;
  let query = pairs(query_string);
  let shownUrl = typeof url === 'string' ? url : '';
  if (!query.length && shownUrl.includes('?')) {
    // the query only in the URL: shown apart, easier to read than one long line
    const at = shownUrl.indexOf('?');
    query = [...new URLSearchParams(shownUrl.slice(at + 1))];
    shownUrl = shownUrl.slice(0, at);
  }
  const sections: Array<[string, Array<[string, unknown]>]> = [
    ['Query', query],
    ['Headers', pairs(headers)],
    ['Cookies', pairs(cookies)],
    ['Environment', pairs(env)],
    ['Other', Object.entries(rest)],
  ];
  return (
    <Panel title="Request">
      {(method || shownUrl) && (
        <p class="request-line">
          {typeof method === 'string' && <b>{method.toUpperCase()} </b>}
          {shownUrl}
        </p>
      )}
      {sections.map(([name, entries]) =>
        entries.some(([, v]) => present(v)) ? (
          <div key={name}>
            <h3 class="context-name">{name}</h3>
            <KeyValues entries={entries} label={`Request ${name.toLowerCase()}`} />
          </div>
        ) : null,
      )}
      {present(data) && (
        <div>
          <h3 class="context-name">Body</h3>
          <pre class="json">{typeof data === 'string' ? data : JSON.stringify(data, null, 2)}</pre>
        </div>
      )}
    </Panel>
  );
}

/** The user as name/value rows. */
export function UserPanel({ user }: { user: Json }) {
  if (!Object.values(user).some(present)) return null;
  return (
    <Panel title="User">
      <KeyValues entries={Object.entries(user)} label="User" />
    </Panel>
  );
}

/** Each context (browser, os, device, runtime, app…) as a titled list of name/value rows. */
export function ContextsPanel({ contexts }: { contexts: Json }) {
  const shown = Object.entries(contexts).filter(([, v]) => present(v));
  if (!shown.length) return null;
  return (
    <Panel title="Contexts">
      {shown.map(([name, value]) => (
        <div key={name}>
          <h3 class="context-name">{name}</h3>
          {isObject(value) ? (
            <KeyValues
              entries={Object.entries(value).filter(([k]) => k !== 'type')}
              label={`Context ${name}`}
            />
          ) : (
            <p>{text(value)}</p>
          )}
        </div>
      ))}
    </Panel>
  );
}
