/**
 * The one quick exit of Utväg's public pages (the chat, the booking page): whatever the page must
 * end first, then the session's storage cleared and a neutral weather page in place of this one
 * (`location.replace`: the page leaves no history entry to go back to).
 */
export function leaveNow(beforeLeaving?: () => void): void {
  try {
    beforeLeaving?.();
  } finally {
    sessionStorage.clear();
    location.replace('/vader');
  }
}

/** Wires the page's quick-exit button (`#quick-exit`). */
export function installQuickExit(beforeLeaving?: () => void): void {
  document.getElementById('quick-exit')?.addEventListener('click', () => leaveNow(beforeLeaving));
}
