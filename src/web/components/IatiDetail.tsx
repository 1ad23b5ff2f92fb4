import { useId, type ReactNode } from "react";
import { narrativeText, type IatiActivity, type IatiOrg, type IatiValue, type Narrative } from "../../lib/iati/model";
import { useCountries } from "../api/queries";
import { i18next, INTL_TAGS, pick, useI18n } from "../i18n";

/** IATI's small embedded codelists, whose names are translated in locales/<lang>/web.json under iati.codes. */
type EmbeddedList = "ActivityStatus" | "ActivityDateType" | "OrganisationRole" | "TransactionType" | "BudgetType" | "BudgetStatus" | "RelatedActivityType" | "IndicatorMeasure" | "ResultType";

const list = <T,>(x: T[] | undefined | null): T[] => (Array.isArray(x) ? x : []);
/** An indicator period's targets or actuals: the values given (a target may carry only a comment). */
const values = (xs: { value?: string }[] | undefined) =>
  list(xs)
    .map((x) => x.value)
    .filter((v): v is string => !!v)
    .join("; ") || "—";

/**
 * What an IATI publisher said about a project imported from IATI: organisations and their roles,
 * dates, where and in which sectors, budgets and planned disbursements, transactions, results
 * with their indicators, documents and related activities. Codes from IATI's small codelists show
 * by their translated names; codes of the large ones show by the names the import recorded
 * (`codeNames`) when it had the codelists, and as codes otherwise.
 */
export function IatiDetail({ iati }: { iati: Record<string, unknown> | null | undefined }) {
  if (!iati || typeof iati.identifier !== "string") return null;
  return <IatiActivityView a={iati as unknown as IatiActivity} />;
}

function IatiActivityView({ a }: { a: IatiActivity }) {
  const { t, lang, fmt } = useI18n();
  const countries = useCountries();
  const headingId = useId();
  const text = (n: Narrative[] | undefined) => narrativeText(n, lang) ?? narrativeText(n, a.lang);
  /** A code of an embedded list by its name in the reader's language, or the code. */
  const codeName = (listName: EmbeddedList, code: string | undefined) => {
    if (!code) return "—";
    const key = `iati.codes.${listName}.${code}`;
    return i18next.exists(`web:${key}`) ? t(key) : code;
  };
  /** A code of a large list by the name the import recorded, beside the code. */
  const named = (listName: string, code: string | undefined) => {
    if (!code) return "—";
    const n = a.codeNames?.[`${listName}:${code}`];
    return n ? `${n} (${code})` : code;
  };
  const countryName = (code: string) => {
    const c = countries.data?.find((x) => x.code.toUpperCase() === code.toUpperCase());
    return c ? `${pick(c.name, lang)} (${code})` : named("Country", code);
  };
  const money = (v: IatiValue | undefined) => (v ? fmt.money(v.amount, (v.currency ?? a.defaultCurrency ?? "USD").toUpperCase()) : "—");
  const percent = new Intl.NumberFormat(INTL_TAGS[lang], { style: "percent", maximumFractionDigits: 2 });
  const pct = (p: string | undefined) => (p === undefined || p === "" || !Number.isFinite(Number(p)) ? "—" : percent.format(Number(p) / 100));
  const org = (o: IatiOrg | undefined) => {
    if (!o) return "—";
    const name = text(o.narratives);
    return name && o.ref ? `${name} (${o.ref})` : (name ?? o.ref ?? "—");
  };
  const period = (start: string | undefined, end: string | undefined) => `${fmt.date(start)} – ${fmt.date(end)}`;

  const reporting = a.reportingOrg;
  const dates = list(a.dates);
  const orgs = list(a.participatingOrgs);
  const recipients = list(a.recipientCountries);
  const regions = list(a.recipientRegions);
  const sectors = list(a.sectors);
  const locations = list(a.locations);
  const budgets = list(a.budgets);
  const planned = list(a.plannedDisbursements);
  const transactions = list(a.transactions);
  const results = list(a.results);
  const documents = list(a.documentLinks);
  const related = list(a.relatedActivities);

  return (
    <section aria-labelledby={headingId} className="iati-detail" data-testid="iati-detail">
      <h2 id={headingId}>{t("iati.title")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("iati.identifier")}</dt>
          <dd className="code" data-testid="iati-identifier">
            {a.identifier}
          </dd>
        </div>
        <div>
          <dt>{t("iati.reportingOrg")}</dt>
          <dd>
            {org(reporting)}
            {reporting?.type && a.codeNames?.[`OrganisationType:${reporting.type}`] ? ` · ${a.codeNames[`OrganisationType:${reporting.type}`]}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("iati.activityStatus")}</dt>
          <dd>{codeName("ActivityStatus", a.status)}</dd>
        </div>
        {dates.map((d, i) => (
          <div key={`${d.type}-${i}`}>
            <dt>{codeName("ActivityDateType", d.type)}</dt>
            <dd>{fmt.date(d.isoDate)}</dd>
          </div>
        ))}
        {a.lastUpdated ? (
          <div>
            <dt>{t("iati.lastUpdated")}</dt>
            <dd>{fmt.date(a.lastUpdated)}</dd>
          </div>
        ) : null}
        {a.defaultFlowType ? (
          <div>
            <dt>{t("iati.flowType")}</dt>
            <dd>{named("FlowType", a.defaultFlowType)}</dd>
          </div>
        ) : null}
        {a.defaultFinanceType ? (
          <div>
            <dt>{t("iati.financeType")}</dt>
            <dd>{named("FinanceType", a.defaultFinanceType)}</dd>
          </div>
        ) : null}
      </dl>

      <Part title={t("iati.participatingOrgs")} show={orgs.length > 0}>
        <table data-testid="iati-orgs">
          <thead>
            <tr>
              <th scope="col">{t("iati.organisation")}</th>
              <th scope="col">{t("iati.role")}</th>
              <th scope="col">{t("iati.orgType")}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map((o, i) => (
              <tr key={i}>
                <td>{org(o)}</td>
                <td>{codeName("OrganisationRole", o.role)}</td>
                <td>{named("OrganisationType", o.type)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Part>

      <Part title={t("iati.recipients")} show={recipients.length + regions.length > 0}>
        <table data-testid="iati-recipients">
          <thead>
            <tr>
              <th scope="col">{t("iati.recipient")}</th>
              <th scope="col">{t("iati.kind")}</th>
              <th scope="col" className="num">
                {t("iati.percentage")}
              </th>
            </tr>
          </thead>
          <tbody>
            {recipients.map((c, i) => (
              <tr key={`c-${i}`}>
                <td>{countryName(c.code)}</td>
                <td>{t("iati.country")}</td>
                <td className="num">{pct(c.percentage)}</td>
              </tr>
            ))}
            {regions.map((r, i) => (
              <tr key={`r-${i}`}>
                <td>{named("Region", r.code)}</td>
                <td>{t("iati.region")}</td>
                <td className="num">{pct(r.percentage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Part>

      <Part title={t("iati.sectors")} show={sectors.length > 0}>
        <table data-testid="iati-sectors">
          <thead>
            <tr>
              <th scope="col">{t("iati.sector")}</th>
              <th scope="col">{t("iati.vocabulary")}</th>
              <th scope="col" className="num">
                {t("iati.percentage")}
              </th>
            </tr>
          </thead>
          <tbody>
            {sectors.map((s, i) => {
              const vocabulary = s.vocabulary ?? "1";
              const own = text(s.narratives);
              const listName = vocabulary === "1" ? "Sector" : vocabulary === "2" ? "SectorCategory" : "";
              const label = (listName ? a.codeNames?.[`${listName}:${s.code}`] : undefined) ?? own;
              return (
                <tr key={i}>
                  <td>{label ? `${label} (${s.code})` : s.code}</td>
                  <td>{i18next.exists(`web:iati.sectorVocabulary.${vocabulary}`) ? t(`iati.sectorVocabulary.${vocabulary}`) : vocabulary}</td>
                  <td className="num">{pct(s.percentage)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Part>

      <Part title={t("iati.locations")} show={locations.length > 0}>
        <table data-testid="iati-locations">
          <thead>
            <tr>
              <th scope="col">{t("iati.location")}</th>
              <th scope="col">{t("iati.description")}</th>
              <th scope="col">{t("iati.coordinates")}</th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l, i) => (
              <tr key={i}>
                <td>{text(l.name) ?? l.ref ?? "—"}</td>
                <td>{text(l.description) ?? text(l.activityDescription) ?? "—"}</td>
                <td>{l.point ? <span className="code">{`${l.point.lat.toFixed(5)}, ${l.point.lng.toFixed(5)}`}</span> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Part>

      <Part title={t("iati.budgets")} show={budgets.length > 0}>
        <table data-testid="iati-budgets">
          <thead>
            <tr>
              <th scope="col">{t("iati.period")}</th>
              <th scope="col">{t("iati.budgetType")}</th>
              <th scope="col">{t("iati.budgetStatus")}</th>
              <th scope="col" className="num">
                {t("iati.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {budgets.map((b, i) => (
              <tr key={i}>
                <td>{period(b.periodStart, b.periodEnd)}</td>
                <td>{codeName("BudgetType", b.type ?? "1")}</td>
                <td>{codeName("BudgetStatus", b.status ?? "1")}</td>
                <td className="num">{money(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Part>

      <Part title={t("iati.plannedDisbursements")} show={planned.length > 0}>
        <table data-testid="iati-planned">
          <thead>
            <tr>
              <th scope="col">{t("iati.period")}</th>
              <th scope="col">{t("iati.budgetType")}</th>
              <th scope="col">{t("iati.provider")}</th>
              <th scope="col">{t("iati.receiver")}</th>
              <th scope="col" className="num">
                {t("iati.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {planned.map((d, i) => (
              <tr key={i}>
                <td>{period(d.periodStart, d.periodEnd)}</td>
                <td>{d.type ? codeName("BudgetType", d.type) : "—"}</td>
                <td>{org(d.provider)}</td>
                <td>{org(d.receiver)}</td>
                <td className="num">{money(d.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Part>

      <Part title={t("iati.transactions")} show={transactions.length > 0}>
        <div className="table-wrap">
          <table data-testid="iati-transactions">
            <thead>
              <tr>
                <th scope="col">{t("iati.date")}</th>
                <th scope="col">{t("iati.transactionType")}</th>
                <th scope="col">{t("iati.provider")}</th>
                <th scope="col">{t("iati.receiver")}</th>
                <th scope="col">{t("iati.description")}</th>
                <th scope="col" className="num">
                  {t("iati.value")}
                </th>
              </tr>
            </thead>
            <tbody>
              {transactions.map((x, i) => (
                <tr key={i}>
                  <td>{fmt.date(x.date)}</td>
                  <td>{codeName("TransactionType", x.type)}</td>
                  <td>{org(x.provider)}</td>
                  <td>{org(x.receiver)}</td>
                  <td>{text(x.description) ?? "—"}</td>
                  <td className="num">{money(x.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Part>

      <Part title={t("iati.results")} show={results.length > 0}>
        {results.map((r, i) => (
          <div className="panel" key={i} data-testid="iati-result">
            <h4>
              {text(r.title) ?? t("iati.resultN", { n: fmt.number(i + 1) })} <span className="badge">{codeName("ResultType", r.type)}</span>
            </h4>
            {text(r.description) ? <p className="description">{text(r.description)}</p> : null}
            {list(r.indicators).map((ind, j) => (
              <div key={j} className="indicator">
                <h5>
                  {text(ind.title) ?? t("iati.indicatorN", { n: fmt.number(j + 1) })} <span className="muted">· {codeName("IndicatorMeasure", ind.measure)}</span>
                </h5>
                {list(ind.baselines).length ? (
                  <p>
                    <strong>{t("iati.baseline")}:</strong>{" "}
                    {list(ind.baselines)
                      .map((b) => [b.value ?? "—", b.year ? `(${b.year})` : b.isoDate ? `(${fmt.date(b.isoDate)})` : ""].filter(Boolean).join(" "))
                      .join("; ")}
                  </p>
                ) : null}
                {list(ind.periods).length ? (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("iati.period")}</th>
                        <th scope="col">{t("iati.target")}</th>
                        <th scope="col">{t("iati.actual")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {list(ind.periods).map((p, k) => (
                        <tr key={k}>
                          <td>{period(p.start, p.end)}</td>
                          <td>{values(p.targets)}</td>
                          <td>{values(p.actuals)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </div>
            ))}
          </div>
        ))}
      </Part>

      <Part title={t("iati.documents")} show={documents.length > 0}>
        <ul data-testid="iati-documents">
          {documents.map((d, i) => (
            <li key={i}>
              {/^https?:\/\//i.test(d.url) ? (
                <a href={d.url} rel="noopener noreferrer external">
                  {text(d.title) ?? d.url}
                </a>
              ) : (
                <span>{text(d.title) ?? d.url}</span>
              )}
              {d.format ? <span className="muted"> · {d.format}</span> : null}
              {list(d.categories).length ? <span className="muted"> · {list(d.categories).map((c) => named("DocumentCategory", c)).join(", ")}</span> : null}
              {d.date ? <span className="muted"> · {fmt.date(d.date)}</span> : null}
            </li>
          ))}
        </ul>
      </Part>

      <Part title={t("iati.relatedActivities")} show={related.length > 0}>
        <ul data-testid="iati-related">
          {related.map((r, i) => (
            <li key={i}>
              <span className="code">{r.ref}</span> · {codeName("RelatedActivityType", r.type)}
            </li>
          ))}
        </ul>
      </Part>
    </section>
  );
}

function Part({ title, show, children }: { title: string; show: boolean; children: ReactNode }) {
  const id = useId();
  if (!show) return null;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
