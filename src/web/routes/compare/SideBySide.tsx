export function SideBySideSection() {
  return null;
}
