import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useRbos, useTreaties, useWaterBasins } from "../api/water";
import { Async, Empty, PageTitle } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { BasinSelect } from "../components/WaterBar";
import { useI18n } from "../i18n";

const PAGE = 50;

/** River basin organisations and freshwater treaties (TFDD), filtered by basin and by name. */
export function Water() {
  const { t, fmt } = useI18n();
  const { basin, q } = useSearch({ from: "/water" });
  const navigate = useNavigate({ from: "/water" });
  const [text, setText] = useState(q ?? "");
  useEffect(() => setText(q ?? ""), [q]);
  const [rboPage, setRboPage] = useState(0);
  const [treatyPage, setTreatyPage] = useState(0);
  useEffect(() => {
    setRboPage(0);
    setTreatyPage(0);
  }, [basin, q]);
  const filters = { ...(basin ? { basin } : {}), ...(q ? { q } : {}) };
  const rbos = useRbos({ ...filters, limit: PAGE, offset: rboPage * PAGE });
  const treaties = useTreaties({ ...filters, limit: PAGE, offset: treatyPage * PAGE, sort: "signedOn" });
  const basins = useWaterBasins();
  const current = basins.data?.find((b) => b.code === basin);
  const searchId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: (prev) => ({ ...prev, q: text.trim() || undefined }) });
  };
  return (
    <>
      <PageTitle
        actions={
          current && current.events > 0 ? (
            <Link to="/events" search={{ basin: current.code, kind: "water_event" }} className="button">
              {t("water.events")}
            </Link>
          ) : null
        }
      >
        {t("water.title")}
      </PageTitle>
      <p>{t("water.intro")}</p>
      <form className="filters" onSubmit={submit} role="search">
        <BasinSelect value={basin} onChange={(code) => void navigate({ search: (prev) => ({ ...prev, basin: code }) })} />
        <div className="field">
          <label htmlFor={searchId}>{t("water.search")}</label>
          <input id={searchId} type="search" value={text} placeholder={t("water.searchPlaceholder")} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit">{t("water.search")}</button>
      </form>

      <section aria-labelledby="rbos">
        <h2 id="rbos">{t("water.rbos")}</h2>
        <Downloads path="/api/v1/water/rbos" query={filters} />
        <Async query={rbos}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty />
            ) : (
              <>
                <p className="muted" data-testid="rbo-count">
                  {t("water.count", { n: fmt.number(page.total) })}
                </p>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("water.organisation")}</th>
                      <th scope="col">{t("water.established")}</th>
                      <th scope="col">{t("water.basins")}</th>
                      <th scope="col">{t("water.members")}</th>
                      <th scope="col">{t("water.mechanism")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((r) => (
                      <tr key={r.code}>
                        <td>
                          {r.website ? (
                            <a href={r.website} rel="noopener noreferrer" target="_blank">
                              {r.name}
                            </a>
                          ) : (
                            r.name
                          )}{" "}
                          <span className="muted code">{r.code}</span>
                        </td>
                        <td>{r.agreementYear ? fmt.year(r.agreementYear) : "—"}</td>
                        <td>{r.basins.map((b) => b.name ?? b.code).join(", ") || "—"}</td>
                        <td>{r.countries.join(" · ") || "—"}</td>
                        <td>
                          {r.mechanismCode ? (
                            <Link to="/mechanisms/$ref" params={{ ref: r.mechanismCode }}>
                              {r.mechanismCode}
                            </Link>
                          ) : (
                            "—"
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager page={rboPage} total={page.total} onPage={setRboPage} label={t("water.rbos")} />
              </>
            )
          }
        </Async>
      </section>

      <section aria-labelledby="treaties">
        <h2 id="treaties">{t("water.treaties")}</h2>
        <Downloads path="/api/v1/water/treaties" query={{ ...filters, sort: "signedOn" }} />
        <Async query={treaties}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty />
            ) : (
              <>
                <p className="muted" data-testid="treaty-count">
                  {t("water.count", { n: fmt.number(page.total) })}
                </p>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("water.signed")}</th>
                      <th scope="col">{t("water.treaty")}</th>
                      <th scope="col">{t("water.parties")}</th>
                      <th scope="col">{t("water.basins")}</th>
                      <th scope="col">{t("water.issues")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((tr) => (
                      <tr key={tr.code}>
                        <td>{tr.signedOn ? <time dateTime={tr.signedOn}>{fmt.date(tr.signedOn)}</time> : t("water.undated")}</td>
                        <td>{tr.name}</td>
                        <td>{tr.countries.map((c) => c.code).join(" · ") || tr.signatories || "—"}</td>
                        <td>{tr.basins.map((b) => b.name ?? b.code).join(", ") || "—"}</td>
                        <td>{tr.issueTypes.map((i) => t(`waterIssue.${i}`, { defaultValue: i })).join(", ") || "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager page={treatyPage} total={page.total} onPage={setTreatyPage} label={t("water.treaties")} />
              </>
            )
          }
        </Async>
      </section>
      <p className="muted">{t("bar.credit")}</p>
    </>
  );
}

function Pager({ page, total, onPage, label }: { page: number; total: number; onPage: (p: number) => void; label: string }) {
  const { t, fmt } = useI18n();
  if (total <= PAGE) return null;
  return (
    <nav className="pager" aria-label={`${label}: ${t("projects.pages")}`}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t("projects.previous")}
      </button>
      <span>{t("projects.pageOf", { page: fmt.number(page + 1), pages: fmt.number(Math.ceil(total / PAGE)) })}</span>
      <button type="button" disabled={(page + 1) * PAGE >= total} onClick={() => onPage(page + 1)}>
        {t("projects.next")}
      </button>
    </nav>
  );
}
