import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { Async, Empty, ErrorBox, PageTitle, RoleGate } from "../components/ui";
import { useI18n } from "../i18n";

/** The signed-in user's messages: reminders, overdue notices and escalations, newest first. */
export function Inbox() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("inbox.title")}>
      <InboxList />
    </RoleGate>
  );
}

function InboxList() {
  const { t, fmt, lang } = useI18n();
  const qc = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery({
    queryKey: ["inbox", unreadOnly, lang],
    queryFn: () => unwrap(api.GET("/api/v1/inbox", { params: { query: { limit: 200, unread: unreadOnly ? "true" : undefined } } })),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["inbox"] });
  const readOne = useMutation({ mutationFn: (id: string) => unwrap(api.POST("/api/v1/inbox/{id}/read", { params: { path: { id } } })), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/inbox/read-all")), onSuccess: refresh });
  return (
    <section>
      <PageTitle
        actions={
          <button type="button" onClick={() => readAll.mutate()} disabled={readAll.isPending || !inbox.data?.unread}>
            {t("inbox.readAll")}
          </button>
        }
      >
        {t("inbox.title")}
      </PageTitle>
      <div className="filters">
        <label className="check">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t("inbox.unreadOnly")}
        </label>
      </div>
      {readOne.error ? <ErrorBox error={readOne.error} /> : null}
      {readAll.error ? <ErrorBox error={readAll.error} /> : null}
      <Async query={inbox}>
        {(page) => (
          <>
            <p role="status" data-testid="inbox-unread">
              {t("inbox.unread", { count: page.unread })}
            </p>
            {page.items.length === 0 ? (
              <Empty />
            ) : (
              <table data-testid="inbox">
                <caption>{t("inbox.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("inbox.received")}</th>
                    <th scope="col">{t("inbox.message")}</th>
                    <th scope="col">{t("inbox.state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((i) => (
                    <tr key={i.id} className={i.readAt ? "read" : "unread"}>
                      <td>{fmt.date(i.createdAt)}</td>
                      <td>
                        {i.readAt ? i.text : <strong>{i.text}</strong>}
                        {i.link ? (
                          <>
                            {" "}
                            <Link to={i.link} onClick={() => (i.readAt ? undefined : readOne.mutate(i.id))}>
                              {t("inbox.open")}
                            </Link>
                          </>
                        ) : null}
                      </td>
                      <td>
                        {i.readAt ? (
                          <span className="muted">{t("inbox.read")}</span>
                        ) : (
                          <button type="button" onClick={() => readOne.mutate(i.id)} disabled={readOne.isPending} aria-label={`${t("inbox.markRead")}: ${i.text}`}>
                            {t("inbox.markRead")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
