/* Filled in by issue 6. */
export function Disputes() {
  return null;
}
export function DisputePage() {
  return null;
}
