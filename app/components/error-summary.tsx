/**
 * The GOV.UK error summary: at the top of a form that came back with errors, a heading, an optional
 * line about the whole form, and one link per field at fault, focused when the page shows it so that
 * a screen reader announces it first. Without JavaScript the `autofocus` attribute moves the focus;
 * with it, the effect does (also when the errors change without a page load).
 */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/** One error: the message, and the field it links to (on this page by id, or anywhere by href). */
export type FieldErrorLink = { fieldId: string; message: string; href?: string };

export function ErrorSummary({ errors, title, description }: { errors: FieldErrorLink[]; title?: string; description?: string | null }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const key = [description ?? "", ...errors.map((e) => `${e.fieldId}:${e.message}`)].join("|");
  useEffect(() => {
    if (key !== "") ref.current?.focus();
  }, [key]);
  if (errors.length === 0 && !description) return null;
  return (
    <div
      ref={ref}
      id="error-summary"
      className="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      // GOV.UK: the summary takes the focus when the page shows it, JavaScript or not.
      autoFocus
      data-testid="error-summary"
    >
      <h2 id="error-summary-title">{title ?? t("errors.summaryTitle")}</h2>
      {description ? <p>{description}</p> : null}
      {errors.length > 0 ? (
        <ul>
          {errors.map((e) => (
            <li key={`${e.fieldId}:${e.message}`}>
              <a href={e.href ?? `#${e.fieldId}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The summary's links from conform's `{ field: [messages] }`, in the order the form shows its fields. */
export function errorLinks(errors: Record<string, string[] | null | undefined> | undefined, fieldIdOf: (name: string) => string = (n) => n): FieldErrorLink[] {
  if (!errors) return [];
  return Object.entries(errors).flatMap(([name, messages]) => (messages ?? []).slice(0, 1).map((message) => ({ fieldId: fieldIdOf(name), message })));
}

/**
 * The summary's links from `{ field: message }`, in page order (`order` lists the inputs as the page
 * shows them; others go last), each linking to `hrefFor(name)`: the input here, or on another step.
 */
export function orderedErrorLinks(errors: Record<string, string>, order: readonly string[], hrefFor: (name: string) => string = (name) => `#${name}`): FieldErrorLink[] {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return Object.entries(errors)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, message]) => ({ fieldId: name, message, href: hrefFor(name) }));
}
