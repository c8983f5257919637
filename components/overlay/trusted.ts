/**
 * An overlay action that only the user can trigger: the inbox page's own scripts can dispatch
 * events too (a synthetic click has `isTrusted` false), and an action stores an event credited to
 * the agent.
 */
export const trusted = (action: () => void) => (event: Event): void => {
  if (event.isTrusted) action();
};
