/**
 * A waterfall chart of a match score in bits: the prior, then each field's
 * contribution (green adds evidence, red takes it away), ending at the total.
 */
export type Contribution = { label: string; bits: number; detail?: string };

export function ContributionChart({ prior, items, priorLabel, totalLabel, title }: { prior: number; items: Contribution[]; priorLabel: string; totalLabel: string; title: string }) {
  const steps: { label: string; from: number; to: number; kind: "prior" | "up" | "down" | "total"; detail?: string }[] = [];
  let level = prior;
  steps.push({ label: priorLabel, from: 0, to: prior, kind: "prior" });
  for (const c of items) {
    steps.push({ label: c.label, from: level, to: level + c.bits, kind: c.bits >= 0 ? "up" : "down", detail: c.detail });
    level += c.bits;
  }
  steps.push({ label: totalLabel, from: 0, to: level, kind: "total" });
  const values = steps.flatMap((s) => [s.from, s.to]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const rowH = 22;
  const labelW = 150;
  const chartW = 320;
  const width = labelW + chartW + 60;
  const height = steps.length * rowH + 10;
  const x = (v: number) => labelW + ((v - lo) / Math.max(1e-9, hi - lo)) * chartW;
  return (
    <svg className="waterfall" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      <line x1={x(0)} x2={x(0)} y1={0} y2={height} stroke="#6b7580" strokeDasharray="3 3" />
      {steps.map((s, i) => {
        const y = i * rowH + 5;
        const left = x(Math.min(s.from, s.to));
        const w = Math.max(2, Math.abs(x(s.to) - x(s.from)));
        const fill = s.kind === "up" ? "#1e6b34" : s.kind === "down" ? "#a4161a" : s.kind === "total" ? "#14324f" : "#6b7580";
        const delta = s.kind === "up" || s.kind === "down" ? s.to - s.from : s.to;
        return (
          <g key={i} data-field={s.label}>
            <text x={labelW - 6} y={y + 14} textAnchor="end" fontSize="12" fill="#1b1f24">
              {s.label}
            </text>
            <rect x={left} y={y + 2} width={w} height={rowH - 6} fill={fill}>
              <title>{`${s.label}: ${delta >= 0 ? "+" : ""}${delta.toFixed(1)} bits${s.detail ? ` — ${s.detail}` : ""}`}</title>
            </rect>
            <text x={Math.max(left + w, x(0)) + 4} y={y + 14} fontSize="11" fill="#4a5561">
              {`${delta >= 0 && s.kind !== "prior" && s.kind !== "total" ? "+" : ""}${delta.toFixed(1)}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
