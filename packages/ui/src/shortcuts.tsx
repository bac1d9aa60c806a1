import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { useLatest } from './use-api.js';

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

const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Keys typed into a field are the field's, not shortcuts (a ticked checkbox is not a field). */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t instanceof HTMLInputElement) return !NOT_TYPED.has(t.type);
  return t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable;
}

/**
 * Page shortcuts. The listener is added once, before the page is painted (a layout effect: a key
 * pressed right after the navigation that shows the page already reaches it), and calls the handler
 * of the latest render, never a closure of an older one.
 */
export function useKeys(handler: (e: KeyboardEvent) => void): void {
  const latest = useLatest(handler);
  useLayoutEffect(() => {
    const h = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (isTyping(e)) {
        if (e.key === 'Escape') (e.target as HTMLElement).blur(); // leave the field, keep the page
        return;
      }
      latest.current(e);
    };
    addEventListener('keydown', h);
    return () => removeEventListener('keydown', h);
  }, [latest]);
}

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useKeys((e) => {
    if (e.key === '?') setOpen(true);
  });
  // while open, the dialog has the keyboard: Escape or ? closes it and nothing reaches the page behind
  useEffect(() => {
    if (!open) return;
    const h = (e: KeyboardEvent) => {
      e.stopImmediatePropagation();
      if (e.key === 'Escape' || e.key === '?') {
        e.preventDefault();
        setOpen(false);
      }
    };
    addEventListener('keydown', h, true);
    return () => removeEventListener('keydown', h, true);
  }, [open]);
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
