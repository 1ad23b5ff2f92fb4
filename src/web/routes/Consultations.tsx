/* Filled in by issue 6. */
export function Consultations() {
  return null;
}
export function ConsultationPage() {
  return null;
}
