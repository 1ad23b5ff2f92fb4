import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors.js";
import { etag, parseIfMatch } from "./versioned.js";

describe("If-Match", () => {
  it("round-trips the ETag we send, strong or weak", () => {
    expect(parseIfMatch(etag(7))).toBe(7);
    expect(parseIfMatch('W/"12"')).toBe(12);
  });
  it("requires the header (428) and rejects a malformed one (412)", () => {
    const code = (h: string | undefined) => {
      try {
        parseIfMatch(h);
        return "ok";
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(code(undefined)).toBe("precondition_required");
    expect(code("*")).toBe("precondition_failed");
    expect(code('"abc"')).toBe("precondition_failed");
    expect(code('"99999999999"')).toBe("precondition_failed");
  });
});
