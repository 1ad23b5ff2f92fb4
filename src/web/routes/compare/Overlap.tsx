import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useId, useState } from "react";
import type { MatrixKind } from "../../../lib/overlap/mechanisms";
import type { Matrix } from "../../../lib/overlap/sets";
import { api, unwrap } from "../../api/client";
import { useMechanisms } from "../../api/queries";
import { Downloads } from "../../components/Downloads";
import { Async } from "../../components/ui";
import { INTL_TAGS, pick, useI18n } from "../../i18n";
import { OutsideActivitySection } from "./OutsideActivity";

const OverlapHeatmap = lazy(() => import("../../charts/Heatmap").then((m) => ({ default: m.OverlapHeatmap })));

/** Issue 7's comparison: the LMC beside the Mekong-US, Mekong-Japan, GMS and MRC mechanisms. */
const DEFAULT_OVERLAP_MECHANISMS = ["LMC", "LMI", "MJC", "GMS", "MRC"];

/** The matrices in three groups, each shown with one measure at a time. */
const GROUPS: Record<"membership" | "sector" | "geography", MatrixKind[]> = {
  membership: ["members", "memberCountries"],
  sector: ["sectors", "sectorsByProjects", "sectorsByMoney"],
  geography: ["countries", "subnational"],
};

/** Similarities in [0, 1], two decimals in the reader's number format. */
function useShare() {
  const { lang } = useI18n();
  const nf = new Intl.NumberFormat(INTL_TAGS[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (v: number) => nf.format(v);
}

/** Which mechanisms the matrices compare, in the order they were ticked. */
function MechanismPicker({ value, onChange }: { value: string[]; onChange: (codes: string[]) => void }) {
  const { t, lang } = useI18n();
  const mechanisms = useMechanisms();
  const id = useId();
  return (
    <fieldset className="checks" data-testid="overlap-mechanisms">
      <legend>{t("compare.overlap.mechanisms")}</legend>
      {mechanisms.data?.items.map((m) => (
        <label key={m.code} className="check" htmlFor={`${id}-${m.code}`} title={pick(m.name, lang)}>
          <input
            id={`${id}-${m.code}`}
            type="checkbox"
            value={m.code}
            checked={value.includes(m.code)}
            onChange={(e) => onChange(e.target.checked ? [...value, m.code] : value.filter((c) => c !== m.code))}
          />{" "}
          {m.code}
        </label>
      ))}
    </fieldset>
  );
}

/** A matrix as a table: the accessible form of the heat map, and the figures themselves. */
function MatrixTable({ matrix, caption, testId }: { matrix: Matrix; caption: string; testId?: string }) {
  const { t } = useI18n();
  const share = useShare();
  return (
    <table className="matrix" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("compare.overlap.corner")}</th>
          {matrix.codes.map((c) => (
            <th key={c} scope="col" className="num">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.codes.map((a, i) => (
          <tr key={a}>
            <th scope="row">{a}</th>
            {matrix.cells[i]!.map((v, j) => (
              <td key={matrix.codes[j]} className="num" data-value={v}>
                {share(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MatrixGroup({ group, kinds, matrices }: { group: keyof typeof GROUPS; kinds: MatrixKind[]; matrices: Record<MatrixKind, Matrix> }) {
  const { t } = useI18n();
  const share = useShare();
  const [kind, setKind] = useState<MatrixKind>(kinds[0]!);
  const id = useId();
  const title = t(`compare.overlap.kinds.${kind}`);
  return (
    <section aria-labelledby={`${id}-h`} className="panel" data-testid={`overlap-${group}`}>
      <h3 id={`${id}-h`}>{t(`compare.overlap.groups.${group}`)}</h3>
      {kinds.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-k`}>{t("compare.overlap.measure")}</label>
          <select id={`${id}-k`} value={kind} onChange={(e) => setKind(e.target.value as MatrixKind)} data-testid="overlap-measure">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`compare.overlap.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <MatrixTable matrix={matrices[kind]} caption={title} testId={`matrix-${kind}`} />
      <Suspense fallback={null}>
        <OverlapHeatmap
          matrix={matrices[kind]}
          title={title}
          label={t("compare.overlap.chartLabel", { kind: title })}
          format={share}
          filename={`concord-overlap-${kind}-${matrices[kind].codes.join("-")}.png`}
          buttonText={t("compare.overlap.png")}
        />
      </Suspense>
    </section>
  );
}

/**
 * Membership, sector and geographic overlap of the chosen mechanisms, as tables and heat maps,
 * downloadable; then where outside actors are active in a mechanism's priority areas.
 */
export function OverlapSection() {
  const { t } = useI18n();
  const [codes, setCodes] = useState<string[]>(DEFAULT_OVERLAP_MECHANISMS);
  const mechanisms = codes.join(",");
  const overlap = useQuery({
    queryKey: ["compare", "overlap", mechanisms],
    queryFn: () => unwrap(api.GET("/api/v1/compare/overlap", { params: { query: { mechanisms } } })),
    enabled: codes.length >= 2,
    // The last matrices stay while the next load, so each group keeps the measure chosen.
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <section aria-labelledby="overlap-heading" data-testid="overlap">
        <h2 id="overlap-heading">{t("compare.overlap.heading")}</h2>
        <p className="muted">{t("compare.overlap.intro")}</p>
        <MechanismPicker value={codes} onChange={setCodes} />
        {codes.length < 2 ? (
          <p role="status">{t("compare.overlap.pickTwo")}</p>
        ) : (
          <>
            <Downloads path="/api/v1/compare/overlap" query={{ mechanisms }} />
            <Async query={overlap}>
              {(o) => (
                <>
                  {(Object.keys(GROUPS) as (keyof typeof GROUPS)[]).map((g) => (
                    <MatrixGroup key={g} group={g} kinds={GROUPS[g]} matrices={o.matrices} />
                  ))}
                </>
              )}
            </Async>
          </>
        )}
      </section>
      <OutsideActivitySection />
    </>
  );
}
