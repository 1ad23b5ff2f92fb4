import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useId, useState, type FormEvent } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { resetSession } from "../api/queries";
import { changeLang, isLang, useI18n } from "../i18n";

export function SignIn() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: "/sign-in" });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const signIn = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/sign-in", { body: { email, password } })),
    onSuccess: async (me) => {
      // The language the user saved is part of their account.
      if (isLang(me.locale)) await changeLang(me.locale);
      qc.setQueryData(["me"], me);
      await resetSession(qc);
      const target = redirect && redirect.startsWith("/") && !redirect.startsWith("//") ? redirect : ["admin", "secretariat", "analyst", "officer"].includes(me.role) ? "/dashboard" : "/projects";
      await navigate({ to: target });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  const error = signIn.error instanceof ApiError ? signIn.error.message : signIn.error ? t("common.error") : null;
  return (
    <section className="narrow">
      <h1>{t("auth.title")}</h1>
      <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
        <div className="field">
          <label htmlFor={emailId}>{t("auth.email")}</label>
          <input id={emailId} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t("auth.password")}</label>
          <input id={passwordId} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error ? (
          <p id={errorId} className="alert" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={signIn.isPending || !email || !password}>
          {t("auth.signIn")}
        </button>
      </form>
      <p className="muted">{t("auth.demoHint")}</p>
    </section>
  );
}
