import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { verifyBundle, type BundleVerification } from "~/core/evidence";

/** Human-readable result: OK with what was checked, or the first problem and where it is. */
export function formatVerification(file: string, result: BundleVerification, keyGiven: boolean): string {
  if (!result.ok) {
    const { kind, where, reason, code } = result.problem;
    return [`BROKEN  ${file}`, `  at:     ${where}`, `  why:    ${reason}`, `  check:  ${kind}${code ? ` (${code})` : ""}`].join("\n");
  }
  const s = result.summary;
  const verified = s.disclosures.filter((d) => d.status === "verified").length;
  const lines = [
    `OK  ${file}`,
    `  case:        ${s.caseNumber} (${s.caseId}), ${s.eventCount} events, head seq ${s.head.seq} ${s.head.hash.slice(0, 16)}…`,
    `  checkpoint:  issued ${s.checkpoint.issuedAt} by ${s.checkpoint.office}, key ${s.checkpoint.keyId}, ${s.checkpoint.treeSize} case heads`,
    `  key:         fingerprint ${s.publicKeyFingerprint.slice(0, 32)}…, ${s.keyTrusted ? "matches the trusted key given with --key" : keyGiven ? "NOT TRUSTED" : "not checked against a trusted key (pass --key office.pem)"}`,
    `  files:       ${s.files.length} evidence files, each matches its SHA-256`,
    `  disclosures: ${verified} values open their commitments, ${s.erasures.length} erased`,
  ];
  for (const e of s.erasures) lines.push(`  erased:      ${e.field} on ${e.erasedAt} by ${e.erasedByRole} under ${e.rule} (event seq ${e.seq})`);
  return lines.join("\n");
}

export function registerVerifyBundle(program: Command) {
  program
    .command("verify-bundle")
    .description("verify an evidence bundle offline: bag, manifests, files, chain, signed checkpoint, proofs, disclosures (exit 1 when broken)")
    .argument("<file>", "the bundle (.zip)")
    .option("--key <pem>", "the office key to trust (public or private PEM); without it the bundled key is used but not trusted")
    .action((file: string, opts: { key?: string }) => {
      const zip = readFileSync(file);
      const trustedPublicKeyPem = opts.key ? readFileSync(opts.key, "utf8") : undefined;
      const started = performance.now();
      const result = verifyBundle(new Uint8Array(zip), { trustedPublicKeyPem });
      console.log(formatVerification(file, result, Boolean(opts.key)));
      console.log(`  took:        ${Math.round(performance.now() - started)} ms`);
      if (!result.ok) process.exitCode = 1;
    });
}
