/* Filled in by issue 6. */
export function Agreements() {
  return null;
}
export function AgreementPage() {
  return null;
}
