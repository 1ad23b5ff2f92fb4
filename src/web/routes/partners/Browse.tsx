import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useId, useState } from "react";
import { api, unwrap } from "../../api/client";
import { useActors } from "../../api/queries";
import { ActorDatalist, ActorLink, Async, Empty } from "../../components/ui";
import { pick, useI18n } from "../../i18n";
import { FACTORS, KindBadge, PLACE, PostingStatusBadge, SECTOR, SizeText, WindowText, type Factor, type PostingKind } from "./common";

const PAGE = 25;
type Status = "open" | "closed" | "all";

/** The postings, filtered by kind, factor, place, sector, text and status, a page at a time. */
export function Browse() {
  const { t, fmt, lang } = useI18n();
  const ids = { kind: useId(), factor: useId(), actor: useId(), actors: useId(), place: useId(), sector: useId(), q: useId(), status: useId() };
  const [kind, setKind] = useState<PostingKind | "">("");
  const [factor, setFactor] = useState<Factor | "">("");
  const [actor, setActor] = useState("");
  const [place, setPlace] = useState("");
  const [sector, setSector] = useState("");
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<Status>("open");
  const [page, setPage] = useState(0);
  // A half-typed place or sector is not sent: the API would refuse it, and the list would flash an error.
  const placeOk = PLACE.test(place.trim().toLowerCase());
  const sectorOk = SECTOR.test(sector.trim());
  // Likewise an organisation is sent once the code typed is one the API knows.
  const known = useActors({});
  const actorOk = !!known.data?.items.some((a) => a.code === actor.trim());
  const query = {
    ...(kind ? { kind } : {}),
    ...(factor ? { factor } : {}),
    ...(actorOk ? { actor: actor.trim() } : {}),
    ...(placeOk ? { place: place.trim().toLowerCase() } : {}),
    ...(sectorOk ? { sector: sector.trim() } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
    status,
    limit: PAGE,
    offset: page * PAGE,
  };
  const postings = useQuery({ queryKey: ["postings", query], queryFn: () => unwrap(api.GET("/api/v1/postings", { params: { query } })), placeholderData: keepPreviousData });
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(0);
    };

  return (
    <section aria-labelledby="postings-title">
      <h2 id="postings-title">{t("partners.browse.title")}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.kind}>{t("partners.field.kind")}</label>
          <select id={ids.kind} name="filter-kind" value={kind} onChange={(e) => filter(setKind)(e.target.value as PostingKind | "")}>
            <option value="">{t("common.all")}</option>
            <option value="offer">{t("partners.kind.offer")}</option>
            <option value="need">{t("partners.kind.need")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.factor}>{t("partners.field.factor")}</label>
          <select id={ids.factor} name="filter-factor" value={factor} onChange={(e) => filter(setFactor)(e.target.value as Factor | "")}>
            <option value="">{t("common.all")}</option>
            {FACTORS.map((f) => (
              <option key={f} value={f}>
                {t(`factor.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.actor}>{t("partners.field.organisation")}</label>
          <input id={ids.actor} name="filter-actor" list={ids.actors} value={actor} onChange={(e) => filter(setActor)(e.target.value)} />
          <ActorDatalist id={ids.actors} />
        </div>
        <div className="field">
          <label htmlFor={ids.place}>{t("partners.field.place")}</label>
          <input id={ids.place} name="filter-place" value={place} placeholder="la-boten" onChange={(e) => filter(setPlace)(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.sector}>{t("partners.field.sector")}</label>
          <input id={ids.sector} name="filter-sector" inputMode="numeric" value={sector} placeholder="210" onChange={(e) => filter(setSector)(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.q}>{t("partners.browse.search")}</label>
          <input id={ids.q} name="filter-q" type="search" value={q} onChange={(e) => filter(setQ)(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.status}>{t("partners.field.status")}</label>
          <select id={ids.status} name="filter-status" value={status} onChange={(e) => filter(setStatus)(e.target.value as Status)}>
            <option value="open">{t("partners.status.open")}</option>
            <option value="closed">{t("partners.status.closed")}</option>
            <option value="all">{t("common.all")}</option>
          </select>
        </div>
      </div>
      <Async query={postings}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty />
          ) : (
            <>
              <table data-testid="postings">
                <caption>{t("partners.browse.caption", { n: fmt.number(p.total) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("partners.field.title")}</th>
                    <th scope="col">{t("partners.field.kind")}</th>
                    <th scope="col">{t("partners.field.factor")}</th>
                    <th scope="col">{t("partners.field.organisation")}</th>
                    <th scope="col">{t("partners.field.places")}</th>
                    <th scope="col" className="num">
                      {t("partners.field.size")}
                    </th>
                    <th scope="col">{t("partners.field.window")}</th>
                    <th scope="col">{t("partners.field.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.items.map((x) => (
                    <tr key={x.id} data-kind={x.kind}>
                      <td>
                        <Link to="/partners/$id" params={{ id: x.id }}>
                          {pick(x.title, lang)}
                        </Link>
                      </td>
                      <td>
                        <KindBadge kind={x.kind} />
                      </td>
                      <td>{t(`factor.${x.factor}`)}</td>
                      <td>
                        <ActorLink code={x.actorCode} name={x.actorName} />
                      </td>
                      <td>{x.places.join(", ") || "—"}</td>
                      <td className="num">
                        <SizeText size={x.size} unit={x.unit} />
                      </td>
                      <td>
                        <WindowText from={x.validFrom} to={x.validTo} />
                      </td>
                      <td>
                        <PostingStatusBadge status={x.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {p.total > PAGE ? (
                <nav className="pager" aria-label={`${t("partners.browse.title")}: ${t("projects.pages")}`}>
                  <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                    {t("projects.previous")}
                  </button>
                  <span>{t("projects.pageOf", { page: fmt.number(page + 1), pages: fmt.number(Math.ceil(p.total / PAGE)) })}</span>
                  <button type="button" disabled={(page + 1) * PAGE >= p.total} onClick={() => setPage(page + 1)}>
                    {t("projects.next")}
                  </button>
                </nav>
              ) : null}
            </>
          )
        }
      </Async>
    </section>
  );
}
