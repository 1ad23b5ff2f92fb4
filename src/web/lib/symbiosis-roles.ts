/**
 * Who is who in a pair's symbiosis mode, from the fitted effects: a12 is party b's effect on party
 * a's growth, a21 party a's effect on b's. The network page words each mode with the pair's names.
 */
export type Side = "a" | "b";
export type Roles = { gains?: Side; loses?: Side; more?: Side };

const other = (s: Side): Side => (s === "a" ? "b" : "a");

export function symbiosisRoles(mode: string, a12: number, a21: number): Roles {
  switch (mode) {
    case "commensalism":
      // One effect is zero, the other positive: the one it lands on gains.
      return { gains: a12 > 0 ? "a" : "b" };
    case "amensalism":
      return { loses: a12 < 0 ? "a" : "b" };
    case "parasitism": {
      const gains: Side = a12 > 0 ? "a" : "b";
      return { gains, loses: other(gains) };
    }
    case "asymmetric-mutualism":
      return { more: a12 > a21 ? "a" : "b" };
    default:
      return {};
  }
}
