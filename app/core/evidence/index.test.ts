import { describe, expect, it } from "vitest";
import * as evidence from "./index";

describe("evidence public API", () => {
  it("exports every contract function from one module", () => {
    const functions = [
      "canonicalJson", "sha256Hex", "hashEvent", "buildEvent", "verifyChain", "commitField", "commitPersonalData", "verifyCommitment",
      "checkDisclosures", "erasurePayload", "merkleRoot", "inclusionProof", "verifyInclusion", "buildCheckpoint", "verifyCheckpoint",
      "headInclusionProof", "buildEventProofs", "verifyEventProof", "buildBundle", "verifyBundle",
    ] as const;
    for (const name of functions) expect(typeof evidence[name], name).toBe("function");
    expect(evidence.GENESIS_HASH).toBe("0".repeat(64));
  });
});
