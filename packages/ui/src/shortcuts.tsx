import { useEffect, useState } from 'preact/hooks';

export const SHORTCUTS: Array<[string, string]> = [
  ['j / k', 'next / previous issue'],
  ['enter', 'open the selected issue'],
  ['r', 'resolve'],
  ['i', 'ignore'],
  ['u', 'unresolve'],
  ['/', 'search'],
  ['?', 'these shortcuts'],
  ['esc', 'close / back to the list'],
];

/** Keys typed into a field are the field's, not shortcuts. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return (
    !!t &&
    (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
  );
}

export function useKeys(handler: (e: KeyboardEvent) => void, deps: unknown[]): void {
  useEffect(() => {
    const h = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e)) return;
      handler(e);
    };
    addEventListener('keydown', h);
    return () => removeEventListener('keydown', h);
  }, deps);
}

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useKeys((e) => {
    if (e.key === '?') setOpen((o) => !o);
    if (e.key === 'Escape') setOpen(false);
  }, []);
  if (!open) return null;
  return (
    <div class="overlay" onClick={() => setOpen(false)}>
      <div class="card shortcuts" role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          {SHORTCUTS.map(([k, what]) => (
            <tr>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </table>
      </div>
    </div>
  );
}
