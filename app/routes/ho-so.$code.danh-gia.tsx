/**
 * Rating the service after the return (đánh giá mức độ hài lòng): once, by the applicant. A plain
 * form (works without JavaScript); an error comes back with what was chosen and typed.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RATING_CRITERIA_SHOWN as RATING_CRITERIA, RATING_SCORES } from "../citizen-dossier-options";
import { ErrorSummary, errorLinks } from "../components/error-summary";
import { citizenTitle } from "../components/dossier/citizen-meta";
import { citizenErrors, citizenMessage } from "../services/citizen-dossier.server";
import { DossierActionError } from "../services/dossier-errors.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { readForm } from "../services/forms.server";
import { translatorFor } from "../services/language.server";
import { rateDossier, ratingOf, ratingRefusal, ratingSchema } from "../services/ratings.server";
import styles from "../styles/citizen-dossiers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => citizenTitle(matches, "rating.metaTitle", data?.code ?? "");

const dossierPath = (code: string) => `/ho-so/${encodeURIComponent(code)}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  const { dossier } = detail;
  if (await ratingOf(context.services, dossier.id)) throw redirect(dossierPath(dossier.code));
  const refusal = ratingRefusal(user, dossier);
  if (refusal) throw new Response(citizenMessage(translatorFor(request).t, refusal.message), { status: refusal.status });
  return json({ code: dossier.code, procedureName: detail.procedure.name, agencyName: detail.agency.name });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  const { t } = translatorFor(request);
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: ratingSchema });
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  if (submission.status !== "success") {
    return json({ errors: citizenErrors(t, submission.reply().error ?? undefined), values }, { status: 400 });
  }
  try {
    const { score, criteria, comment } = submission.value;
    await rateDossier(context.services, user, detail.dossier, { score, comment, criteria: Object.fromEntries(Object.entries(criteria ?? {}).filter(([, v]) => v !== undefined)) });
  } catch (error) {
    if (!(error instanceof DossierActionError)) throw error;
    return json({ errors: { "": [citizenMessage(t, error.message)] }, values }, { status: error.status });
  }
  return redirect(`${dossierPath(detail.dossier.code)}?da-danh-gia=1`);
}

export default function RateDossier() {
  const { code, procedureName, agencyName } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("dossier");
  const values = reply?.values ?? {};
  const errors: Record<string, string[]> = reply?.errors ?? {};
  const scoreError = errors.score?.[0];
  return (
    <>
      <p>
        <Link to={dossierPath(code)}>← {code}</Link>
      </p>
      <h1>{t("rating.title")}</h1>
      <p className="lead">
        {procedureName} — {agencyName}
      </p>
      <ErrorSummary errors={errorLinks(reply?.errors, (name) => (name === "score" ? "score-5" : name || "rating-form"))} title={t("page.errorTitle")} />
      <Form method="post" className="card" id="rating-form" data-testid="rating-form">
        <p>{t("rating.lead")}</p>
        <fieldset className="rating-scale" aria-describedby={scoreError ? "score-error" : undefined}>
          <legend className="required">{t("rating.score")}</legend>
          {scoreError ? (
            <p id="score-error" className="field-error">
              {scoreError}
            </p>
          ) : null}
          {RATING_SCORES.map((s) => (
            <label key={s} htmlFor={`score-${s}`}>
              <input type="radio" id={`score-${s}`} name="score" value={s} defaultChecked={values.score === String(s)} required />
              {t(`rating.scores.${s}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="rating-criteria">
          <legend>{t("rating.criteriaLegend")}</legend>
          {RATING_CRITERIA.map((c) => (
            <div key={c}>
              <label htmlFor={`criteria-${c}`}>{t(`rating.criteria.${c}`)}</label>
              <select id={`criteria-${c}`} name={`criteria.${c}`} defaultValue={values[`criteria.${c}`] ?? ""}>
                <option value="">{t("rating.criterionNone")}</option>
                {RATING_SCORES.map((s) => (
                  <option key={s} value={s}>
                    {t(`rating.scores.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        <label htmlFor="comment">{t("rating.comment")}</label>
        <textarea id="comment" name="comment" maxLength={2000} defaultValue={values.comment ?? ""} />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {t("rating.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}
