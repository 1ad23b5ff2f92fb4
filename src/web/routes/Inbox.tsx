/* Filled in by issue 6. */
export function Inbox() {
  return null;
}
