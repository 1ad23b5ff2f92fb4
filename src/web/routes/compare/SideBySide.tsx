import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useId, useMemo, useState, type ReactNode } from "react";
import { RBO_INDICATORS, RBO_LEVELS, type RboLevel } from "../../../lib/rbo/indicators";
import { mergeWeights, scoreRbo } from "../../../lib/rbo/score";
import { api, unwrap, type Schemas } from "../../api/client";
import { useMe, useMechanisms } from "../../api/queries";
import { Async, ErrorBox, Loading } from "../../components/ui";
import { pick, useI18n } from "../../i18n";

const ExportableBarChart = lazy(() => import("../../charts/SideBySideCharts").then((m) => ({ default: m.ExportableBarChart })));

type SideBySide = Schemas["MechanismsSideBySide"];
type Profile = SideBySide["mechanisms"][number];
type Score = Schemas["RboScore"];

/** The issue's comparison: the LMC against the Mekong-US, Mekong-Japan, GMS and MRC mechanisms. */
const DEFAULT_CODES = ["LMC", "LMI", "MJC", "GMS", "MRC"];
const TYPES = ["government", "enterprise", "university", "research", "finance", "ngo", "intermediary", "international"] as const;
const TRACK_KEYS = ["I", "II", "III", "none"] as const;
const STAFF = ["admin", "secretariat"];

const useNumber = () => {
  const { lang } = useI18n();
  return useMemo(() => {
    const tag = lang === "en" ? "en-GB" : lang;
    const ratio = new Intl.NumberFormat(tag, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    const pct = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 });
    return { ratio: (n: number | null | undefined) => (n === null || n === undefined ? "—" : ratio.format(n)), pct: (n: number) => pct.format(n) };
  }, [lang]);
};

/** Mechanisms side by side on the comparison page: profiles, Table 4-1, water events, river-basin-organisation scores. */
export function SideBySideSection() {
  const { t, lang } = useI18n();
  const mechanisms = useMechanisms();
  const [codes, setCodes] = useState<string[]>(DEFAULT_CODES);
  const id = useId();
  const all = mechanisms.data?.items ?? [];
  const toggle = (code: string, on: boolean) => setCodes((cs) => (on ? [...cs, code] : cs.filter((c) => c !== code)));
  const ordered = all.filter((m) => codes.includes(m.code)).sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
  return (
    <section aria-labelledby={id} data-testid="side-by-side">
      <h2 id={id}>{t("compare.side.title")}</h2>
      <p>{t("compare.side.intro")}</p>
      <fieldset className="filters">
        <legend>{t("compare.side.pick")}</legend>
        {all.map((m) => (
          <label key={m.code} className="checkbox">
            <input type="checkbox" checked={codes.includes(m.code)} onChange={(e) => toggle(m.code, e.target.checked)} /> {m.code} — {pick(m.name, lang)}
          </label>
        ))}
      </fieldset>
      {ordered.length ? <Profiles codes={ordered.map((m) => m.code)} /> : <p>{t("compare.side.pickSome")}</p>}
      <Table41 />
      <RboSection />
    </section>
  );
}

function Profiles({ codes }: { codes: string[] }) {
  const list = codes.join(",");
  const profiles = useQuery({
    queryKey: ["compare-mechanisms", list],
    queryFn: () => unwrap(api.GET("/api/v1/compare/mechanisms", { params: { query: { mechanisms: list } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Async query={profiles}>
      {(data) => (
        <>
          <ProfileTable data={data} list={list} />
          <ProfileCharts data={data} />
          <WaterSection data={data} />
        </>
      )}
    </Async>
  );
}

function ProfileTable({ data, list }: { data: SideBySide; list: string }) {
  const { t, fmt } = useI18n();
  const n = useNumber();
  const ps = data.mechanisms;
  const row = (label: string, cell: (p: Profile) => ReactNode, key = label) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      {ps.map((p) => (
        <td key={p.code} data-testid={`side-${key}-${p.code}`}>
          {cell(p)}
        </td>
      ))}
    </tr>
  );
  const top = (rows: Profile["projects"]["bySector"]) =>
    rows.length ? (
      <ul className="plain">
        {rows.slice(0, 3).map((r) => (
          <li key={r.key}>
            {r.key === "none" ? t("compare.side.unknown") : r.key}: {fmt.number(r.projects)} · {fmt.money(String(r.amountUsd), "USD")}
          </li>
        ))}
      </ul>
    ) : (
      "—"
    );
  return (
    <>
      <div className="table-scroll">
        <table data-testid="side-by-side-table">
          <caption>{t("compare.side.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("compare.side.measure")}</th>
              {ps.map((p) => (
                <th scope="col" key={p.code}>
                  {p.code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {row(
              t("compare.side.members"),
              (p) => (
                <ul className="plain">
                  {p.members.map((m) => (
                    <li key={m.actor}>
                      {pick(m.name, fmt.lang)} <span className="muted">({t(`memberRole.${m.role}`)})</span>
                    </li>
                  ))}
                </ul>
              ),
              "members",
            )}
            {TYPES.map((type) =>
              row(
                `${t("compare.side.share")}: ${t(`actorType.${type}`)}`,
                (p) => (p.participants.counts[type] ? `${n.pct(p.participants.shares[type] ?? 0)} (${fmt.number(p.participants.counts[type] ?? 0)})` : "—"),
                `type-${type}`,
              ),
            )}
            {row(t("compare.side.participantsTotal"), (p) => fmt.number(p.participants.total), "participants")}
            {row(t("compare.side.shannon"), (p) => n.ratio(p.participants.shannon), "shannon")}
            {row(t("compare.side.pielou"), (p) => n.ratio(p.participants.pielou), "pielou")}
            {row(t("compare.side.giniSimpson"), (p) => n.ratio(p.participants.giniSimpson), "gini")}
            {row(t("compare.side.projects"), (p) => fmt.number(p.projects.count), "projects")}
            {row(t("compare.side.money"), (p) => fmt.money(String(p.projects.amountUsd), "USD"), "money")}
            {row(t("compare.side.topSectors"), (p) => top(p.projects.bySector), "sectors")}
            {row(t("compare.side.topCountries"), (p) => top(p.projects.byCountry), "countries")}
            {TRACK_KEYS.map((k) => row(k === "none" ? t("compare.side.trackNone") : t("meeting.trackValue", { track: k }), (p) => fmt.number(p.tracks[k]), `track-${k}`))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("compare.side.participantsNote")}</p>
      <p>
        <a className="button" href={`/api/v1/compare/mechanisms?mechanisms=${list}&format=csv`} download data-testid="side-csv">
          {t("compare.side.csv")}
        </a>
      </p>
    </>
  );
}

function ProfileCharts({ data }: { data: SideBySide }) {
  const { t } = useI18n();
  const ps = data.mechanisms;
  const codes = ps.map((p) => p.code);
  const present = TYPES.filter((type) => ps.some((p) => p.participants.counts[type]));
  return (
    <Suspense fallback={<Loading />}>
      <div className="chart-pair" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))", gap: "1rem" }}>
        <ExportableBarChart
          testId="side-shares-chart"
          label={t("compare.side.sharesChart")}
          filename="concord-participant-shares.png"
          downloadLabel={t("compare.side.png")}
          categories={codes}
          stacked
          series={present.map((type) => ({ name: t(`actorType.${type}`), values: ps.map((p) => Math.round((p.participants.shares[type] ?? 0) * 1000) / 10) }))}
        />
        <ExportableBarChart
          testId="side-tracks-chart"
          label={t("compare.side.tracksChart")}
          filename="concord-meetings-by-track.png"
          downloadLabel={t("compare.side.png")}
          categories={codes}
          series={TRACK_KEYS.map((k) => ({ name: k === "none" ? t("compare.side.trackNone") : t("meeting.trackValue", { track: k }), values: ps.map((p) => p.tracks[k]) }))}
        />
      </div>
    </Suspense>
  );
}

function WaterSection({ data }: { data: SideBySide }) {
  const { t, fmt } = useI18n();
  const n = useNumber();
  const id = useId();
  const selectId = useId();
  const first = data.mechanisms.find((p) => p.water.events > 0) ?? data.mechanisms[0];
  const [chosen, setChosen] = useState<string>();
  const p = data.mechanisms.find((x) => x.code === chosen) ?? first;
  if (!p) return null;
  const rows = p.water.byFiveYears;
  return (
    <section aria-labelledby={id} data-testid="side-water">
      <h3 id={id}>{t("compare.side.water")}</h3>
      <p className="muted">{t("compare.side.waterRule")}</p>
      <div className="field">
        <label htmlFor={selectId}>{t("compare.side.waterMechanism")}</label>
        <select id={selectId} value={p.code} onChange={(e) => setChosen(e.target.value)}>
          {data.mechanisms.map((x) => (
            <option key={x.code} value={x.code}>
              {x.code} ({fmt.number(x.water.events)})
            </option>
          ))}
        </select>
      </div>
      {rows.length === 0 ? (
        <p>{t("compare.side.noWater")}</p>
      ) : (
        <>
          <Suspense fallback={<Loading />}>
            <ExportableBarChart
              testId="side-water-chart"
              label={t("compare.side.waterChart", { mechanism: p.code })}
              filename={`concord-water-${p.code}.png`}
              downloadLabel={t("compare.side.png")}
              categories={rows.map((r) => r.period)}
              stacked
              colours={["#b2182b", "#9a9a9a", "#2166ac"]}
              series={[
                { name: t("bar.conflict"), values: rows.map((r) => r.conflict) },
                { name: t("bar.neutral"), values: rows.map((r) => r.neutral) },
                { name: t("bar.cooperation"), values: rows.map((r) => r.cooperation) },
              ]}
              line={{ name: t("bar.mean"), values: rows.map((r) => r.mean) }}
            />
          </Suspense>
          <table data-testid="side-water-table">
            <caption>{t("compare.side.waterCaption", { mechanism: p.code })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("compare.side.period")}</th>
                <th scope="col" className="num">{t("compare.side.events")}</th>
                <th scope="col" className="num">{t("bar.conflict")}</th>
                <th scope="col" className="num">{t("bar.neutral")}</th>
                <th scope="col" className="num">{t("bar.cooperation")}</th>
                <th scope="col" className="num">{t("bar.mean")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.period}>
                  <th scope="row">{r.period}</th>
                  <td className="num">{fmt.number(r.events)}</td>
                  <td className="num">{fmt.number(r.conflict)}</td>
                  <td className="num">{fmt.number(r.neutral)}</td>
                  <td className="num">{fmt.number(r.cooperation)}</td>
                  <td className="num">{r.mean === null ? "—" : n.ratio(r.mean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="muted">{t("bar.credit")}</p>
    </section>
  );
}

/** Seed 002 Table 4-1: NGOs of each mechanism's lead country registered in each member country. */
function Table41() {
  const { t, fmt } = useI18n();
  const id = useId();
  const table = useQuery({ queryKey: ["compare-participants", "ngo"], queryFn: () => unwrap(api.GET("/api/v1/compare/participants", { params: { query: { type: "ngo" } } })) });
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{t("compare.side.table41")}</h3>
      <Async query={table}>
        {(tb) => (
          <>
            <table data-testid="table-4-1">
              <caption>{t("compare.side.table41Caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("compare.side.country")}</th>
                  {tb.mechanisms.map((m) => (
                    <th scope="col" className="num" key={m}>
                      {m}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {tb.countries.map((c) => (
                  <tr key={c} data-testid={`table-4-1-${c}`}>
                    <th scope="row">{c}</th>
                    {tb.mechanisms.map((m) => (
                      <td className="num" key={m} data-testid={`table-4-1-${c}-${m}`}>
                        {tb.cells[c]?.[m] == null ? "—" : fmt.number(tb.cells[c]![m]!)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">
              {t("common.source")}: {tb.sources.join("; ")}
            </p>
          </>
        )}
      </Async>
    </section>
  );
}

type WeightsInput = { indicators: Record<string, string>; levels: Record<RboLevel, string> };
const defaultWeightsInput = (): WeightsInput => ({
  indicators: Object.fromEntries(RBO_INDICATORS.map((d) => [d.code, String(d.weight)])),
  levels: { internationalisation: "1", institutionalisation: "1", governance: "1" },
});
const parseNumber = (s: string) => (s.trim() === "" ? null : Number(s.replace(",", ".")));
const weightOk = (s: string) => {
  const v = parseNumber(s);
  return v !== null && Number.isFinite(v) && v >= 0;
};
const valueOk = (s: string) => {
  const v = parseNumber(s);
  return v === null || (Number.isFinite(v) && v >= 0 && v <= 1);
};

/** The river-basin-organisation indicators: definitions, editable weights, the MRC from TFDD data and the LMC's entered values. */
function RboSection() {
  const { t } = useI18n();
  const id = useId();
  const me = useMe();
  const qc = useQueryClient();
  const staff = !!me.data && STAFF.includes(me.data.role);
  const signedIn = !!me.data;
  const mrc = useQuery({ queryKey: ["rbo-score", "MRC"], queryFn: () => unwrap(api.GET("/api/v1/compare/rbo/assessments/{mechanism}/score", { params: { path: { mechanism: "MRC" } } })) });
  const lmc = useQuery({ queryKey: ["rbo-assessment", "LMC"], queryFn: () => unwrap(api.GET("/api/v1/compare/rbo/assessments/{mechanism}", { params: { path: { mechanism: "LMC" } } })) });
  const [weights, setWeights] = useState<WeightsInput>(defaultWeightsInput);
  const [edited, setEdited] = useState<Record<string, string> | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const stored = lmc.data;
  const lmcInputs: Record<string, string> = edited ?? Object.fromEntries(RBO_INDICATORS.map((d) => [d.code, stored?.values[d.code] == null ? "" : String(stored.values[d.code])]));
  const weightsValid = Object.values(weights.indicators).every(weightOk) && Object.values(weights.levels).every(weightOk);
  const valuesValid = Object.values(lmcInputs).every(valueOk);
  const numericWeights = {
    indicators: Object.fromEntries(Object.entries(weights.indicators).map(([k, v]) => [k, Number(parseNumber(v))])),
    levels: Object.fromEntries(Object.entries(weights.levels).map(([k, v]) => [k, Number(parseNumber(v))])) as Record<RboLevel, number>,
  };
  const lmcValues = Object.fromEntries(Object.entries(lmcInputs).flatMap(([k, v]) => (valueOk(v) && parseNumber(v) !== null ? [[k, parseNumber(v)!]] : [])));
  const organisation = mrc.data?.organisation?.code;

  // Signed-in readers score through the API; visitors (who may not POST) with the same library in the page.
  const liveMrc = useQuery({
    queryKey: ["rbo-live", "MRC", organisation, numericWeights],
    queryFn: () => unwrap(api.POST("/api/v1/compare/rbo/score", { body: { organisation, weights: numericWeights } })),
    enabled: signedIn && !!organisation && weightsValid,
    placeholderData: keepPreviousData,
  });
  const liveLmc = useQuery({
    queryKey: ["rbo-live", "LMC", lmcValues, numericWeights],
    queryFn: () => unwrap(api.POST("/api/v1/compare/rbo/score", { body: { values: lmcValues, weights: numericWeights } })),
    enabled: signedIn && weightsValid,
    placeholderData: keepPreviousData,
  });
  const local = (values: Record<string, number | null | undefined>) => {
    const s = scoreRbo(values, mergeWeights(numericWeights));
    return { levels: s.levels, overall: s.overall };
  };
  const mrcValues = Object.fromEntries((mrc.data?.indicators ?? []).map((i) => [i.code, i.value]));
  const mrcScore: Pick<Score, "levels" | "overall"> | null = !organisation || !weightsValid ? null : signedIn ? (liveMrc.data ?? null) : local(mrcValues);
  const lmcScore: Pick<Score, "levels" | "overall"> | null = !weightsValid ? null : signedIn ? (liveLmc.data ?? null) : local(lmcValues);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/compare/rbo/assessments/{mechanism}", {
          params: { path: { mechanism: "LMC" } },
          body: { values: Object.fromEntries(Object.entries(lmcInputs).flatMap(([k, v]) => (v.trim() === "" ? [] : [[k, parseNumber(v)]]))), weights: stored?.weights ?? {}, source: (source ?? stored?.source ?? "") || null },
        }),
      ),
    onSuccess: async () => {
      setEdited(null);
      setSource(null);
      await qc.invalidateQueries({ queryKey: ["rbo-assessment", "LMC"] });
    },
  });

  return (
    <section aria-labelledby={id} data-testid="rbo-section">
      <h3 id={id}>{t("compare.rbo.title")}</h3>
      <p>{t("compare.rbo.intro")}</p>
      <Async query={mrc}>
        {(m) => (
          <p data-testid="rbo-mrc-source">
            {m.basis === "tfdd" ? t("compare.rbo.mrcSource", { name: m.organisation?.name ?? "", code: m.organisation?.code ?? "" }) : t("compare.rbo.noTfdd")}
          </p>
        )}
      </Async>
      <Async query={lmc}>{(a) => <p data-testid="rbo-lmc-source">{Object.keys(a.values).length ? t("compare.rbo.lmcSource", { source: a.source ?? "—" }) : t("compare.rbo.lmcNone")}</p>}</Async>
      <ScoresTable mrc={mrcScore} lmc={lmcScore} />
      {!weightsValid && (
        <p className="alert" role="alert">
          {t("compare.rbo.badWeights")}
        </p>
      )}
      {liveMrc.error ? <ErrorBox error={liveMrc.error} /> : null}
      <LevelWeights weights={weights} setWeights={setWeights} />
      <IndicatorTable
        weights={weights}
        setWeights={setWeights}
        mrc={mrcValues}
        lmcInputs={lmcInputs}
        editable={staff}
        onLmc={(code, v) => setEdited({ ...lmcInputs, [code]: v })}
      />
      {staff && (
        <form
          className="form"
          data-testid="rbo-lmc-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (valuesValid) save.mutate();
          }}
        >
          <SourceField value={source ?? stored?.source ?? ""} onChange={setSource} />
          {!valuesValid && (
            <p className="alert" role="alert">
              {t("compare.rbo.badValues")}
            </p>
          )}
          {save.error ? <ErrorBox error={save.error} /> : null}
          {save.isSuccess && !edited && <p role="status">{t("compare.rbo.saved")}</p>}
          <button type="submit" disabled={save.isPending || !valuesValid} data-testid="rbo-lmc-save">
            {t("compare.rbo.save")}
          </button>
        </form>
      )}
    </section>
  );
}

function SourceField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t("compare.rbo.source")}</label>
      <input id={id} type="text" value={value} maxLength={2000} onChange={(e) => onChange(e.target.value)} data-testid="rbo-lmc-source-input" />
    </div>
  );
}

function ScoresTable({ mrc, lmc }: { mrc: Pick<Score, "levels" | "overall"> | null; lmc: Pick<Score, "levels" | "overall"> | null }) {
  const { t } = useI18n();
  const n = useNumber();
  const cell = (s: Pick<Score, "levels" | "overall"> | null, level: RboLevel | "overall", who: string) => {
    const v = s ? (level === "overall" ? s.overall : s.levels[level].score) : null;
    const cov = s && level !== "overall" ? s.levels[level].coverage : null;
    return (
      <td className="num" data-testid={`rbo-${level}-${who}`} data-value={v ?? ""}>
        {n.ratio(v)}
        {v !== null && cov !== null && cov < 1 ? <span className="muted"> ({t("compare.rbo.coverage", { pct: n.pct(cov) })})</span> : null}
      </td>
    );
  };
  return (
    <table data-testid="rbo-scores">
      <caption>{t("compare.rbo.scoresCaption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("compare.rbo.level")}</th>
          <th scope="col" className="num">MRC</th>
          <th scope="col" className="num">LMC</th>
        </tr>
      </thead>
      <tbody>
        {RBO_LEVELS.map((l) => (
          <tr key={l}>
            <th scope="row">{t(`compare.rbo.levels.${l}`)}</th>
            {cell(mrc, l, "MRC")}
            {cell(lmc, l, "LMC")}
          </tr>
        ))}
        <tr>
          <th scope="row">{t("compare.rbo.overall")}</th>
          {cell(mrc, "overall", "MRC")}
          {cell(lmc, "overall", "LMC")}
        </tr>
      </tbody>
    </table>
  );
}

function LevelWeights({ weights, setWeights }: { weights: WeightsInput; setWeights: (w: WeightsInput) => void }) {
  const { t } = useI18n();
  const base = useId();
  return (
    <fieldset className="filters">
      <legend>{t("compare.rbo.levelWeights")}</legend>
      {RBO_LEVELS.map((l) => (
        <div className="field" key={l}>
          <label htmlFor={`${base}-${l}`}>{t(`compare.rbo.levels.${l}`)}</label>
          <input
            id={`${base}-${l}`}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={weights.levels[l]}
            aria-invalid={!weightOk(weights.levels[l])}
            onChange={(e) => setWeights({ ...weights, levels: { ...weights.levels, [l]: e.target.value } })}
            data-testid={`rbo-level-weight-${l}`}
          />
        </div>
      ))}
      <button type="button" className="link" onClick={() => setWeights(defaultWeightsInput())}>
        {t("compare.rbo.resetWeights")}
      </button>
    </fieldset>
  );
}

function IndicatorTable(props: {
  weights: WeightsInput;
  setWeights: (w: WeightsInput) => void;
  mrc: Record<string, number | null>;
  lmcInputs: Record<string, string>;
  editable: boolean;
  onLmc: (code: string, v: string) => void;
}) {
  const { t } = useI18n();
  const n = useNumber();
  const { weights, setWeights, mrc, lmcInputs, editable, onLmc } = props;
  return (
    <div className="table-scroll">
      <table data-testid="rbo-indicators">
        <caption>{t("compare.rbo.indicatorsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("compare.rbo.indicator")}</th>
            <th scope="col">{t("compare.rbo.level")}</th>
            <th scope="col">{t("compare.rbo.definition")}</th>
            <th scope="col">{t("compare.rbo.weight")}</th>
            <th scope="col" className="num">MRC</th>
            <th scope="col">LMC</th>
          </tr>
        </thead>
        <tbody>
          {RBO_INDICATORS.map((d) => {
            const name = t(`compare.rbo.indicators.${d.code}.name`);
            return (
              <tr key={d.code} data-testid={`rbo-row-${d.code}`}>
                <th scope="row">{name}</th>
                <td>{t(`compare.rbo.levels.${d.level}`)}</td>
                <td>{t(`compare.rbo.indicators.${d.code}.def`)}</td>
                <td>
                  <input
                    type="number"
                    min={0}
                    step="any"
                    inputMode="decimal"
                    className="narrow"
                    style={{ width: "6em" }}
                    aria-label={t("compare.rbo.weightLabel", { indicator: name })}
                    aria-invalid={!weightOk(weights.indicators[d.code] ?? "")}
                    value={weights.indicators[d.code] ?? ""}
                    onChange={(e) => setWeights({ ...weights, indicators: { ...weights.indicators, [d.code]: e.target.value } })}
                    data-testid={`rbo-weight-${d.code}`}
                  />
                </td>
                <td className="num">{mrc[d.code] == null ? t("compare.rbo.unknown") : n.ratio(mrc[d.code])}</td>
                <td>
                  {editable ? (
                    <input
                      type="number"
                      min={0}
                      max={1}
                      step="any"
                      inputMode="decimal"
                      className="narrow"
                    style={{ width: "6em" }}
                      aria-label={t("compare.rbo.valueLabel", { indicator: name, mechanism: "LMC" })}
                      aria-invalid={!valueOk(lmcInputs[d.code] ?? "")}
                      value={lmcInputs[d.code] ?? ""}
                      onChange={(e) => onLmc(d.code, e.target.value)}
                      data-testid={`rbo-lmc-value-${d.code}`}
                    />
                  ) : (lmcInputs[d.code] ?? "") === "" ? (
                    t("compare.rbo.unknown")
                  ) : (
                    n.ratio(Number(lmcInputs[d.code]))
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
