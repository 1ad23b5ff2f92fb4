/* Filled in by issue 6. */
export function Bulletins() {
  return null;
}
export function BulletinPage() {
  return null;
}
