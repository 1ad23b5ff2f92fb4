import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { useEffect, useId } from "react";
import { api, unwrap, type Role } from "../api/client";
import { resetSession, useMe } from "../api/queries";
import { useInboxUnread } from "../lib/inbox";
import { changeLang, isLang, LANG_NAMES, LANGS, useI18n, type Lang } from "../i18n";

type NavItem = {
  to: "/" | "/dashboard" | "/projects" | "/projects/new" | "/mechanisms" | "/actors" | "/events" | "/water" | "/calls" | "/applications" | "/reports/late" | "/exposure" | "/funding-gap" | "/imports" | "/agreements" | "/consultations" | "/disputes" | "/bulletins" | "/feedback" | "/inbox" | "/alerts" | "/compare" | "/duplicates" | "/provinces" | "/models" | "/network" | "/partners" | "/users";
  label: string;
  roles: (Role | "public")[];
};

/** What each role finds in the navigation; the API enforces the same limits on every request. */
export const NAV: NavItem[] = [
  { to: "/", label: "nav.portal", roles: ["public"] },
  { to: "/dashboard", label: "nav.dashboard", roles: ["admin", "secretariat", "officer", "analyst"] },
  { to: "/projects", label: "nav.projects", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/projects/new", label: "nav.newProject", roles: ["admin", "secretariat", "officer"] },
  { to: "/mechanisms", label: "nav.mechanisms", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/actors", label: "nav.actors", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/events", label: "nav.events", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/water", label: "nav.water", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/calls", label: "nav.calls", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/applications", label: "nav.applications", roles: ["admin", "secretariat", "officer", "reviewer"] },
  { to: "/reports/late", label: "nav.lateReports", roles: ["admin", "secretariat", "analyst"] },
  { to: "/exposure", label: "nav.exposure", roles: ["admin", "secretariat", "analyst"] },
  { to: "/funding-gap", label: "nav.fundingGap", roles: ["admin", "secretariat", "analyst"] },
  { to: "/imports", label: "nav.imports", roles: ["admin", "secretariat"] },
  { to: "/agreements", label: "nav.agreements", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/consultations", label: "nav.consultations", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/disputes", label: "nav.disputes", roles: ["admin", "secretariat", "officer"] },
  { to: "/bulletins", label: "nav.bulletins", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/feedback", label: "nav.feedback", roles: ["admin", "secretariat"] },
  { to: "/alerts", label: "nav.alerts", roles: ["admin", "secretariat", "analyst"] },
  { to: "/compare", label: "nav.compare", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/duplicates", label: "nav.duplicates", roles: ["admin", "secretariat", "analyst"] },
  { to: "/provinces", label: "nav.provinces", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/network", label: "nav.network", roles: ["public", "admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/partners", label: "nav.partners", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/models", label: "nav.models", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/inbox", label: "nav.inbox", roles: ["admin", "secretariat", "officer", "reviewer", "analyst"] },
  { to: "/users", label: "nav.users", roles: ["admin"] },
];

export function LanguageSwitcher() {
  const { t, lang } = useI18n();
  const id = useId();
  const me = useMe();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: Lang) => unwrap(api.PATCH("/api/v1/me", { body: { locale } })),
    onSuccess: (data) => qc.setQueryData(["me"], data),
  });
  return (
    <div className="lang-switcher">
      <label htmlFor={id}>{t("lang.label")}</label>
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLang(next)) return;
          void changeLang(next);
          // Signed-in users keep their choice on every device.
          if (me.data) save.mutate(next);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function UserMenu() {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/sign-out")),
    onSettled: async () => {
      await resetSession(qc);
      await navigate({ to: "/" });
    },
  });
  if (me.isPending) return null;
  if (!me.data)
    return (
      <Link to="/sign-in" className="button">
        {t("auth.signIn")}
      </Link>
    );
  return (
    <div className="user-menu">
      <span className="who" data-testid="who-am-i">
        {me.data.name} · {t(`role.${me.data.role}`)} · {me.data.orgCode}
      </span>
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t("auth.signOut")}
      </button>
    </div>
  );
}

export function Layout() {
  const { t, lang } = useI18n();
  const me = useMe();
  const role: Role | "public" = me.data?.role ?? "public";
  const unread = useInboxUnread();
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t("app.title")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul>
            {NAV.filter((n) => n.roles.includes(role)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} activeOptions={{ exact: n.to === "/" || n.to === "/projects" || n.to === "/calls" }} activeProps={{ "aria-current": "page", className: "active" }}>
                  {t(n.label)}
                  {n.to === "/inbox" && unread > 0 ? (
                    <>
                      {" "}
                      <span className="badge nav-count" data-testid="inbox-unread" aria-hidden="true">
                        {unread}
                      </span>
                      <span className="sr-only">{t("inbox.unread", { count: unread })}</span>
                    </>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitcher />
          <UserMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {me.data === null ? (
          <p className="portal-note" role="note">
            {t("portal.note")}
          </p>
        ) : null}
        <Outlet />
      </main>
      <footer className="app-footer">
        <p>{t("app.footer")}</p>
      </footer>
    </>
  );
}
