import { useQueries } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useId, useState } from "react";
import { api, unwrap, type Actor } from "../api/client";
import { useActor, useActors, useProjects } from "../api/queries";
import { ActorLink, Async, Empty, Name, PageTitle, SampleNote, StatusBadge } from "../components/ui";
import { Downloads } from "../components/Downloads";
import { pick, useI18n, type Localized } from "../i18n";

const TYPES = ["government", "enterprise", "university", "research", "finance", "ngo", "intermediary", "international"] as const;
type ActorType = (typeof TYPES)[number];

/** One level of the hierarchy; each node opens its children on demand. */
function Level({ parent, type }: { parent: string; type?: ActorType }) {
  const { lang, fmt } = useI18n();
  const actors = useActors({ parent, type });
  return (
    <Async query={actors}>
      {(page) =>
        page.items.length === 0 ? (
          <Empty />
        ) : (
          <ul className="tree">
            {[...page.items]
              .sort((a, b) => fmt.compare(pick(a.name, lang), pick(b.name, lang)))
              .map((a) => (
                <Node key={a.id} actor={a} />
              ))}
          </ul>
        )
      }
    </Async>
  );
}

function Node({ actor }: { actor: Actor }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const childrenId = useId();
  return (
    <li>
      <button type="button" className="toggle" aria-expanded={open} aria-controls={childrenId} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? "▾" : "▸"}</span>
        <span className="sr-only">{t(open ? "actors.collapse" : "actors.expand")}</span>
      </button>{" "}
      <Link to="/actors/$ref" params={{ ref: actor.code }}>
        <Name text={actor.name} />
      </Link>{" "}
      <span className="muted">{actor.level ? t(`govLevel.${actor.level}`) : t(`actorType.${actor.type}`)}</span>
      <div id={childrenId}>{open ? <Level parent={actor.code} /> : null}</div>
    </li>
  );
}

export function Actors() {
  const { t } = useI18n();
  const [type, setType] = useState<ActorType | undefined>(undefined);
  const id = useId();
  return (
    <>
      <PageTitle>{t("actors.title")}</PageTitle>
      <p className="muted">{t("actors.intro")}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor={id}>{t("actors.type")}</label>
          <select id={id} value={type ?? ""} onChange={(e) => setType(TYPES.find((x) => x === e.target.value))}>
            <option value="">{t("common.all")}</option>
            {TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`actorType.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Downloads path="/api/v1/actors" query={{ type }} />
      <Level parent="root" type={type} />
    </>
  );
}

export function ActorPage() {
  const { ref } = useParams({ from: "/actors/$ref" });
  const { t, lang, fmt } = useI18n();
  const actor = useActor(ref);
  const projects = useProjects({ actor: ref, limit: 100, sort: "-startDate" });
  // Partners are the other parties of this actor's projects.
  const details = useQueries({
    queries: (projects.data?.items ?? []).slice(0, 30).map((p) => ({
      queryKey: ["project", p.code],
      queryFn: () => unwrap(api.GET("/api/v1/projects/{ref}", { params: { path: { ref: p.code } } })),
    })),
  });
  const partners = new Map<string, { code: string; name: Localized; count: number }>();
  for (const d of details) {
    for (const party of d.data?.parties ?? []) {
      if (party.actorCode === ref || party.actorId === actor.data?.id) continue;
      const seen = partners.get(party.actorCode);
      if (seen) seen.count++;
      else partners.set(party.actorCode, { code: party.actorCode, name: party.actorName, count: 1 });
    }
  }
  return (
    <Async query={actor}>
      {(a) => (
        <article>
          <PageTitle>
            <Name text={a.name} />
          </PageTitle>
          <p className="meta">
            <span className="code">{a.code}</span> · {t(`actorType.${a.type}`)}
            {a.level ? ` · ${t(`govLevel.${a.level}`)}` : ""}
            {a.countryCode ? ` · ${a.countryCode}` : ""} <SampleNote show={a.isSample} />
          </p>
          {a.parent ? (
            <p>
              {t("actors.parent")}: <ActorLink code={a.parent.code} name={a.parent.name} />
            </p>
          ) : null}
          {a.description ? <p className="description">{pick(a.description, lang)}</p> : null}
          {a.website ? (
            <p>
              {t("actors.website")}: <span className="code">{a.website}</span>
            </p>
          ) : null}
          <div className="grid-2">
            <section aria-labelledby="children">
              <h2 id="children">{t("actors.children")}</h2>
              {a.children.length === 0 ? (
                <Empty />
              ) : (
                <ul className="plain">
                  {[...a.children]
                    .sort((x, y) => fmt.compare(pick(x.name, lang), pick(y.name, lang)))
                    .map((c) => (
                      <li key={c.id}>
                        <ActorLink code={c.code} name={c.name} />
                      </li>
                    ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="memberships">
              <h2 id="memberships">{t("actors.memberships")}</h2>
              {a.memberships.length === 0 ? (
                <Empty />
              ) : (
                <ul className="plain">
                  {a.memberships.map((m) => (
                    <li key={`${m.mechanismCode}-${m.role}-${m.since ?? ""}`}>
                      <Link to="/mechanisms/$ref" params={{ ref: m.mechanismCode }}>
                        <Name text={m.mechanismName} />
                      </Link>{" "}
                      <span className="muted">
                        {t(`memberRole.${m.role}`)} · {fmt.date(m.since)} – {m.until ? fmt.date(m.until) : t("mechanisms.present")}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <section aria-labelledby="actor-projects">
            <h2 id="actor-projects">{t("actors.projects")}</h2>
            <Async query={projects}>
              {(page) =>
                page.items.length === 0 ? (
                  <Empty />
                ) : (
                  <ul className="plain">
                    {page.items.map((p) => (
                      <li key={p.id}>
                        <Link to="/projects/$ref" params={{ ref: p.code }}>
                          <Name text={p.title} />
                        </Link>{" "}
                        <StatusBadge status={p.status} /> <span className="muted">{fmt.money(p.budget, p.currency)}</span>
                      </li>
                    ))}
                  </ul>
                )
              }
            </Async>
          </section>
          <section aria-labelledby="partners">
            <h2 id="partners">{t("actors.partners")}</h2>
            {partners.size === 0 ? (
              <Empty />
            ) : (
              <ul className="plain">
                {[...partners.values()]
                  .sort((x, y) => y.count - x.count || fmt.compare(pick(x.name, lang), pick(y.name, lang)))
                  .map((p) => (
                    <li key={p.code}>
                      <ActorLink code={p.code} name={p.name} /> <span className="muted">{t("actors.sharedProjects", { n: fmt.number(p.count) })}</span>
                    </li>
                  ))}
              </ul>
            )}
          </section>
        </article>
      )}
    </Async>
  );
}
