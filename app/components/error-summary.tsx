/**
 * The GOV.UK error summary: at the top of a form that came back with errors, a list of links to each
 * field at fault, focused when the page shows it so that a screen reader announces it first. Without
 * JavaScript the browser still lands on it: it carries `autoFocus` and the page scrolls to it.
 */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

export type FieldErrorLink = { fieldId: string; message: string };

export function ErrorSummary({ errors, title }: { errors: FieldErrorLink[]; title?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.fieldId}:${e.message}`).join("|");
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (errors.length === 0) return null;
  return (
    <div ref={ref} className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-testid="error-summary">
      <h2 id="error-summary-title">{title ?? t("errors.summaryTitle")}</h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.fieldId}:${e.message}`}>
            <a href={`#${e.fieldId}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The summary's links from conform's `{ field: [messages] }`, in the order the form shows its fields. */
export function errorLinks(errors: Record<string, string[] | null | undefined> | undefined, fieldIdOf: (name: string) => string = (n) => n): FieldErrorLink[] {
  if (!errors) return [];
  return Object.entries(errors).flatMap(([name, messages]) => (messages ?? []).slice(0, 1).map((message) => ({ fieldId: fieldIdOf(name), message })));
}
