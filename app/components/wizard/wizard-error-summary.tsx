/**
 * The GOV.UK error summary for the wizard's steps: a heading, then one link per refused input,
 * focused when the page opens — by the `autofocus` attribute without JavaScript, by the effect with it.
 */
import { useEffect, useRef } from "react";

export function WizardErrorSummary({
  title,
  description,
  errors,
  order,
  hrefFor = (name) => `#${name}`,
}: {
  title: string;
  description?: string;
  errors: Record<string, string>;
  /** Input names in page order; the summary lists errors in this order. */
  order: string[];
  /** Where a message links to: the input on this page by default, or on another step. */
  hrefFor?: (name: string) => string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).sort(([a], [b]) => rank(order, a) - rank(order, b));
  const key = entries.map(([name, message]) => `${name}:${message}`).join("|");
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (entries.length === 0 && !description) return null;
  return (
    <div className="error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref} autoFocus>
      <h2 id="error-summary-title">{title}</h2>
      {description ? <p>{description}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([name, message]) => (
            <li key={name}>
              <a href={hrefFor(name)}>{message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function rank(order: string[], name: string) {
  const i = order.indexOf(name);
  return i === -1 ? order.length : i;
}
