/**
 * The one quick exit of Utväg's public pages (the portal, the chat, the booking page): whatever the
 * page must end first, then the session's storage cleared and a neutral weather page in place of
 * this one (`location.replace`: the page leaves no history entry to go back to). The button, or the
 * Escape key pressed twice.
 */
export function leaveNow(beforeLeaving?: () => void): void {
  try {
    beforeLeaving?.();
  } finally {
    sessionStorage.clear();
    location.replace('/vader');
  }
}

/** Two presses of Escape within this long leave the page. */
export const ESCAPE_TWICE_MS = 1000;

/**
 * Wires the page's quick-exit button (`#quick-exit`) and the double Escape to `leave`, and keeps the
 * page to one history entry (below): a page with a quick exit must leave nothing the exit's replace
 * does not remove, whatever the visitor clicked first (the language switch, the help pages).
 */
export function onQuickExit(leave: () => void): void {
  keepOneHistoryEntry();
  document.getElementById('quick-exit')?.addEventListener('click', leave);
  let last = -Infinity;
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.repeat) return;
    const now = performance.now();
    if (now - last <= ESCAPE_TWICE_MS) leave();
    else last = now;
  });
}

/** Wires the quick exit (button and double Escape) of a page with nothing to end first. */
export function installQuickExit(beforeLeaving?: () => void): void {
  onQuickExit(() => leaveNow(beforeLeaving));
}

/**
 * Links within the public pages replace the current history entry instead of adding one, so the
 * visit takes one entry in the history, and the quick exit's replace removes it: the back button
 * then returns to where the visitor was before, not to the help pages. Without JavaScript the links
 * work as ordinary links and each adds an entry: HTML replaces the current entry by itself only for
 * a GET of the very URL already shown (measured in Chromium: a link, a POST to the same URL, a POST
 * answered 303, and a GET redirected back to the same URL each add one), and the language must change
 * the URL because the public pages set no cookie. Without JavaScript the quick exit cannot clear
 * anything either, so the one-entry promise holds only with it.
 */
let keepingOneEntry = false;
export function keepOneHistoryEntry(): void {
  if (keepingOneEntry) return;
  keepingOneEntry = true;
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!a || a.origin !== location.origin || a.hasAttribute('download') || a.target) return;
    if (a.pathname === location.pathname && a.search === location.search && a.hash) return; // in-page anchor
    e.preventDefault();
    location.replace(a.href);
  });
}
