import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { citizenTitle } from "../components/dossier/citizen-meta";
import { translatorFor } from "../services/language.server";
import { lookupDossier } from "../services/public-lookup.server";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";
import { formatDateTime } from "../labels";
import { readForm } from "../services/forms.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction = ({ matches }) => citizenTitle(matches, "lookup.metaTitle");

/** A link may carry the code (?ma=); an old bookmark carrying the ID number is sent to a clean address. */
export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const code = params.get("ma")?.trim().slice(0, 64) ?? "";
  if (params.has("xac-minh")) throw redirect(code ? `/tra-cuu?ma=${encodeURIComponent(code)}` : "/tra-cuu");
  return json({ code });
}

/**
 * A POST: the ID number or phone must not travel in the address, where access logs, proxies and the
 * browser's history keep it. Limited per address, so codes cannot be tried by the thousand.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { t } = translatorFor(request);
  const code = String(form.get("ma") ?? "").trim();
  const secret = String(form.get("xac-minh") ?? "").trim();
  try {
    await context.services.rateLimits.consume("publicLookup", context.clientIp ?? "unknown");
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    return json({ code, found: null, error: error.message }, { status: 429, headers: rateLimitedHeaders(error) });
  }
  if (!code || !secret) {
    return json({ code, found: null, error: t("lookup.missing", { ns: "dossier" }) }, { status: 400 });
  }
  const found = await lookupDossier(context.services, code, secret);
  if (!found) {
    return json({ code, found: null, error: t("lookup.notFound", { ns: "dossier" }) }, { status: 404 });
  }
  return json({ code, found, error: null });
}

export default function Lookup() {
  const linked = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { code, found, error } = data ?? { code: linked.code, found: null, error: null };
  const { t } = useTranslation("dossier");
  const { t: tc } = useTranslation();
  return (
    <>
      <h1>{t("lookup.title")}</h1>
      <p className="lead">{t("lookup.lead")}</p>
      <Form method="post" className="card">
        <label htmlFor="ma">{t("lookup.code")}</label>
        <input id="ma" name="ma" defaultValue={code} placeholder="000.00.15.H54-261123-0001" />
        <label htmlFor="xac-minh">{t("lookup.secret")}</label>
        <input id="xac-minh" name="xac-minh" inputMode="tel" autoComplete="off" aria-describedby="xac-minh-hint" />
        <p id="xac-minh-hint" className="hint">
          {t("lookup.secretHint")}
        </p>
        <p>
          <button type="submit" className="primary">
            {t("lookup.submit")}
          </button>
        </p>
      </Form>
      {error ? (
        <p className="error-box" role="alert">
          {error}
        </p>
      ) : null}
      {found ? (
        <section className="card" aria-labelledby="found-title">
          <h2 id="found-title">{t("lookup.found", { code: found.code })}</h2>
          <p>
            <span className={`status status-${found.status}`}>{tc(`status.${found.status}` as "status.1")}</span>
          </p>
          <dl className="facts">
            <dt>{t("lookup.procedure")}</dt>
            <dd>{found.procedureName}</dd>
            <dt>{t("lookup.agency")}</dt>
            <dd>{found.agencyName}</dd>
            <dt>{t("lookup.submitted")}</dt>
            <dd>{formatDateTime(found.submittedAt)}</dd>
            <dt>{t("lookup.due")}</dt>
            <dd>{formatDateTime(found.dueAt)}</dd>
          </dl>
          <h3>{t("lookup.history")}</h3>
          <ol className="timeline">
            {found.timeline.map((t) => (
              <li key={t.seq}>
                <strong>{t.label}</strong> → <span className="hint">{t.statusName}</span>
                <br />
                <time dateTime={t.at}>{formatDateTime(t.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
