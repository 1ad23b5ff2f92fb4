import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { useMe } from "../api/queries";
import { Async, Empty, ErrorBox, PageTitle, RoleGate } from "../components/ui";
import { useI18n } from "../i18n";

/** User accounts for the administrator: who acts for which organisation, and disabling an account. */
export function Users() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("users.title")} roles={["admin"]}>
      <UserList />
    </RoleGate>
  );
}

type Pending = { id: string; email: string; disable: boolean };

function UserList() {
  const { t, fmt } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const users = useQuery({ queryKey: ["users"], queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 500 } } })) });
  // Disabling signs a person out at once: the button only asks, a second, explicit answer acts.
  const [pending, setPending] = useState<Pending | null>(null);
  const change = useMutation({
    mutationFn: (p: Pending) => unwrap(api.POST(p.disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable", { params: { path: { id: p.id } } })),
    onSuccess: () => {
      setPending(null);
      return qc.invalidateQueries({ queryKey: ["users"] });
    },
  });
  return (
    <section>
      <PageTitle>{t("users.title")}</PageTitle>
      {pending ? (
        <div className="alert" role="alertdialog" aria-labelledby="user-confirm-text" data-testid="user-confirm">
          <p id="user-confirm-text">{t(pending.disable ? "users.confirmDisable" : "users.confirmEnable", { email: pending.email })}</p>
          <button type="button" onClick={() => change.mutate(pending)} disabled={change.isPending}>
            {t(pending.disable ? "users.yesDisable" : "users.yesEnable")}
          </button>{" "}
          <button type="button" onClick={() => setPending(null)} disabled={change.isPending}>
            {t("users.cancel")}
          </button>
        </div>
      ) : null}
      {change.error ? <ErrorBox error={change.error} /> : null}
      <Async query={users}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty />
          ) : (
            <table data-testid="users">
              <caption>{t("users.caption", { count: page.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("users.name")}</th>
                  <th scope="col">{t("users.email")}</th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.org")}</th>
                  <th scope="col">{t("users.state")}</th>
                  <th scope="col">{t("users.action")}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((u) => {
                  const disabled = u.disabledAt !== null;
                  const self = me.data?.id === u.id;
                  return (
                    <tr key={u.id} data-email={u.email}>
                      <td>{u.name}</td>
                      <td>{u.email}</td>
                      <td>{t(`role.${u.role}`)}</td>
                      <td>{u.orgCode}</td>
                      <td data-testid="user-state">{disabled ? t("users.disabledSince", { date: fmt.date(u.disabledAt) }) : t("users.active")}</td>
                      <td>
                        {self ? (
                          <span className="muted">{t("users.you")}</span>
                        ) : (
                          <button
                            type="button"
                            onClick={() => setPending({ id: u.id, email: u.email, disable: !disabled })}
                            disabled={change.isPending}
                            aria-label={`${t(disabled ? "users.enable" : "users.disable")}: ${u.email}`}
                          >
                            {t(disabled ? "users.enable" : "users.disable")}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Async>
    </section>
  );
}
