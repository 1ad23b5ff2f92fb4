export function OverlapSection() {
  return null;
}
