/**
 * Pieces the account pages share: a labelled field with its hint and error tied to the input
 * (GOV.UK pattern), and the translation of the account service's error codes.
 */
import type { TFunction } from "i18next";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { account } from "../locales/vi/account";

export type AccountErrorCode = keyof typeof account.errors;

export function useAccountT() {
  return useTranslation("account").t;
}

export function errorText(t: TFunction<"account">, code: string): string {
  return t(`errors.${code as AccountErrorCode}`);
}

/** The error summary's links, in the order of `order`, translated. */
export function accountErrorLinks(t: TFunction<"account">, errors: Record<string, string> | undefined, order: string[]) {
  if (!errors) return [];
  return order.filter((name) => errors[name]).map((name) => ({ fieldId: name, message: errorText(t, errors[name]) }));
}

type FieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  after?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

export function Field({ name, label, hint, error, after, ...input }: FieldProps) {
  const t = useAccountT();
  const described = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="account-field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {errorText(t, error)}
        </p>
      ) : null}
      <input id={name} name={name} aria-describedby={described} aria-invalid={error ? true : undefined} {...input} />
      {after}
    </div>
  );
}

/** A radio with its label on one line (the site's labels are blocks). */
export function Radio({ id, name, value, label, defaultChecked, lang }: { id: string; name: string; value: string; label: string; defaultChecked: boolean; lang?: string }) {
  return (
    <div style={{ display: "flex", alignItems: "center", gap: ".5rem", margin: ".5rem 0" }}>
      <input type="radio" id={id} name={name} value={value} defaultChecked={defaultChecked} style={{ width: "1.25rem", height: "1.25rem", margin: 0 }} />
      <label htmlFor={id} lang={lang} style={{ margin: 0, fontWeight: 400 }}>
        {label}
      </label>
    </div>
  );
}
