import type { LocalizedText } from "../../db/schema/common.js";
import { t, type Lang } from "../../lib/i18n/index.js";
import type { AnnualReportData, Bucket } from "./data.js";

/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const name = (text: LocalizedText | null, lang: Lang) => (text ? (text[lang] ?? text.en) : null);

/** A horizontal bar chart as inline SVG: no script, no outside request, prints the same in every browser. */
export function barChart(rows: { label: string; value: number }[], opts: { width?: number; locale: string }): string {
  if (!rows.length) return "";
  const width = opts.width ?? 640;
  const labelWidth = 260;
  const bar = 22;
  const gap = 8;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const fmt = new Intl.NumberFormat(opts.locale);
  const height = rows.length * (bar + gap);
  const items = rows
    .map((r, i) => {
      const y = i * (bar + gap);
      const w = Math.max(1, Math.round(((width - labelWidth - 60) * r.value) / max));
      return `<text x="${labelWidth - 8}" y="${y + bar / 2 + 5}" text-anchor="end">${esc(r.label)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${bar}" rx="3" fill="#1f6f8b"/><text x="${labelWidth + w + 6}" y="${y + bar / 2 + 5}">${fmt.format(r.value)}</text>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="13">${items}</svg>`;
}

/** Renders the annual progress report as one self-contained HTML page in `lang`. */
export function renderAnnualReport(d: AnnualReportData, lang: Lang): string {
  const r = (key: string, params?: Record<string, string | number>) => t(lang, `report.${key}`, params);
  const locale = lang === "zh" ? "zh-CN" : lang;
  const num = new Intl.NumberFormat(locale);
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
  const money = (value: string, currency: string) => new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 }).format(Number(value));
  const mech = name(d.mechanism.name, lang)!;
  const none = `<p class="none">${esc(r("none"))}</p>`;
  const chart = (buckets: Bucket[], fallback: string, labelOf: (b: Bucket) => string | null = (b) => name(b.label, lang)) =>
    buckets.length ? barChart(buckets.map((b) => ({ label: labelOf(b) ?? fallback, value: b.count })), { locale }) : none;
  const table = (head: string[], rows: string[][]) =>
    rows.length ? `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>` : none;
  const a = d.applications;
  const decided = a.approved + a.rejected;
  const rate = decided ? new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(a.approved / decided) : "—";

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${esc(r("title", { mechanism: mech, year: d.year }))}</title>
<style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans Lao", "Noto Sans Thai", "Noto Sans Khmer", "Noto Sans Myanmar", sans-serif; color: #1a1a1a; line-height: 1.5; margin: 0 auto; max-width: 760px; padding: 24px; }
  h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #1f6f8b; padding-bottom: 4px; }
  h3 { font-size: 15px; margin: 16px 0 6px; } .meta { color: #555; font-size: 13px; }
  .figures { display: flex; gap: 16px; flex-wrap: wrap; } .figure { border: 1px solid #ccd; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
  .figure b { display: block; font-size: 22px; } table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { border-bottom: 1px solid #dde; padding: 4px 6px; text-align: left; } .none { color: #666; font-style: italic; }
  svg text { fill: #1a1a1a; }
</style>
</head>
<body>
<h1>${esc(r("title", { mechanism: mech, year: d.year }))}</h1>
<p class="meta">${esc(r("asOf", { date: date(d.asOf) }))}</p>

<h2>${esc(r("sections.calls"))}</h2>
${table([r("labels.call"), r("labels.window")], d.calls.map((c) => [name(c.title, lang)!, `${date(c.opensAt)} – ${date(c.closesAt)}`]))}

<h2>${esc(r("sections.applications"))}</h2>
<div class="figures">
  <div class="figure"><b>${num.format(a.received)}</b>${esc(r("labels.received"))}</div>
  <div class="figure"><b>${num.format(a.approved)}</b>${esc(r("labels.approved"))}</div>
  <div class="figure"><b>${num.format(a.rejected)}</b>${esc(r("labels.rejected"))}</div>
  <div class="figure"><b>${rate}</b>${esc(r("labels.approvalRate"))}</div>
</div>

<h2>${esc(r("sections.projects"))}</h2>
<p>${esc(r("labels.running", { n: num.format(d.projects.total) }))}</p>
<h3>${esc(r("sections.byPillar"))}</h3>
${chart(d.projects.byPillar, r("labels.noPillar"))}
<h3>${esc(r("sections.byArea"))}</h3>
${chart(d.projects.byArea, r("labels.noArea"))}
<h3>${esc(r("sections.byCountry"))}</h3>
${chart(d.projects.byCountry, "?")}
<h3>${esc(r("sections.byStatus"))}</h3>
${chart(d.projects.byStatus, "?", (b) => r(`status.${b.key}`))}

<h2>${esc(r("sections.money"))}</h2>
${table([r("labels.currency"), r("labels.committed"), r("labels.disbursed")], d.money.map((m) => [m.currency, money(m.committed, m.currency), money(m.disbursed, m.currency)]))}

<h2>${esc(r("sections.suspensions"))}</h2>
${table(
  [r("labels.project"), r("labels.phase"), r("labels.reason"), r("labels.country"), r("labels.date")],
  d.suspensions.map((s) => [s.projectCode, String(s.seq), s.reason ? r(`reason.${s.reason}`) : "—", s.countryCode ?? "—", date(s.at)]),
)}

<h2>${esc(r("sections.terminations"))}</h2>
${table(
  [r("labels.project"), r("labels.date"), r("labels.reason"), r("labels.sunkCost")],
  d.terminations.map((x) => [x.projectCode, date(x.at), x.reason, money(x.sunkCost, x.currency)]),
)}

<h2>${esc(r("sections.lateReports"))}</h2>
${table(
  [r("labels.project"), r("labels.phase"), r("labels.period"), r("labels.daysLate")],
  d.lateReports.map((l) => [l.projectCode, String(l.seq), `${date(l.periodStart)} – ${date(l.periodEnd)}`, num.format(l.daysLate)]),
)}
</body>
</html>
`;
}
