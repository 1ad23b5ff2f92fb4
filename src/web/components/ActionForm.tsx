import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n";
import { serverErrors, type FormErrors } from "../lib/use-form";
import { Field, FormErrorSummary } from "./ui";

export type ActionField = {
  name: string;
  label: string;
  kind?: "text" | "textarea" | "select" | "date" | "checks" | "number";
  options?: { value: string; label: string }[];
  required?: boolean;
  /** For numbers: the allowed range, checked before sending. */
  min?: number;
  max?: number;
};

/** What is wrong with a field's value before it is sent, as a message key. */
function check(f: ActionField, value: string): string | undefined {
  if (f.required && !value.trim()) return "form.errors.required";
  if (f.kind === "number" && value.trim()) {
    const n = Number(value);
    if (!Number.isFinite(n) || (f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) return "fund.errors.number";
  }
  return undefined;
}

/** The field a server error's path names: the field of that name, or the list field it is an item of. */
function fieldFor(fields: ActionField[], path: string | undefined): string {
  if (!path) return "form";
  return fields.find((f) => f.name === path)?.name ?? fields.find((f) => path.startsWith(`${f.name}.`))?.name ?? "form";
}

/**
 * One action on a record (submit, approve, suspend…): its fields, checked for presence while
 * typing, the server's errors shown at the fields their paths name, and the values kept on error.
 */
export function ActionForm(props: {
  label: string;
  fields?: ActionField[];
  /** Values to start from (an edit form); without them fields start empty and are cleared after a success. */
  initial?: Record<string, string>;
  run: (values: Record<string, string>) => Promise<unknown>;
  onDone?: () => Promise<unknown> | void;
  primary?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const fields = props.fields ?? [];
  const blank = () => ({ ...Object.fromEntries(fields.map((f) => [f.name, f.kind === "select" ? (f.options?.[0]?.value ?? "") : ""])), ...props.initial });
  const [values, setValues] = useState<Record<string, string>>(blank);
  const [errors, setErrors] = useState<FormErrors<string>>({});
  const mutation = useMutation({
    mutationFn: (v: Record<string, string>) => props.run(v),
    onSuccess: async () => {
      if (!props.initial) setValues(blank());
      setErrors({});
      await props.onDone?.();
    },
    onError: (err) => setErrors(serverErrors<string>(err, (path) => fieldFor(fields, path), t)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: FormErrors<string> = {};
    for (const f of fields) {
      const key = check(f, values[f.name] ?? "");
      if (key) missing[f.name] = t(key);
    }
    setErrors(missing);
    if (Object.keys(missing).length === 0) mutation.mutate(values);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={props.label} data-testid={props.testId} className="action-form">
      <FormErrorSummary count={errors.form ? 1 : 0} message={errors.form} />
      {fields.map((f) => (
        <Field key={f.name} label={f.label} error={errors[f.name]} required={f.required}>
          {(a) => {
            const common = { id: a.id, name: f.name, value: values[f.name] ?? "", "aria-invalid": a.invalid, "aria-describedby": a.describedBy };
            const change = (value: string) => {
              setValues((prev) => ({ ...prev, [f.name]: value }));
              setErrors((prev) => {
                const next = { ...prev };
                delete next[f.name];
                delete next.form;
                return next;
              });
            };
            if (f.kind === "checks") {
              const chosen = (values[f.name] ?? "").split(",").filter(Boolean);
              return (
                <div id={a.id} role="group" aria-label={f.label} aria-describedby={a.describedBy} className="checks">
                  {f.options?.map((o) => (
                    <label key={o.value} className="check">
                      <input
                        type="checkbox"
                        name={`${f.name}-${o.value}`}
                        checked={chosen.includes(o.value)}
                        onChange={(e) => change((e.target.checked ? [...chosen, o.value] : chosen.filter((x) => x !== o.value)).join(","))}
                      />{" "}
                      {o.label}
                    </label>
                  ))}
                </div>
              );
            }
            if (f.kind === "textarea") return <textarea {...common} rows={2} onChange={(e) => change(e.target.value)} />;
            if (f.kind === "select")
              return (
                <select {...common} onChange={(e) => change(e.target.value)}>
                  {f.options?.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              );
            if (f.kind === "number") return <input {...common} type="number" inputMode="decimal" min={f.min} max={f.max} step="any" onChange={(e) => change(e.target.value)} />;
            return <input {...common} type={f.kind === "date" ? "date" : "text"} onChange={(e) => change(e.target.value)} />;
          }}
        </Field>
      ))}
      <button type="submit" className={props.primary ? "primary" : undefined} disabled={mutation.isPending}>
        {props.label}
      </button>
    </form>
  );
}
