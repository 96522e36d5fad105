/**
 * Feedback about a dossier (phản ánh, kiến nghị): the applicant writes one here; an officer of the
 * receiving agency posts her answer here from the dossier page. Plain forms, POST then redirect to the
 * dossier page; an error comes back on this page with what was typed.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, errorLinks } from "../components/error-summary";
import { citizenTitle } from "../components/dossier/citizen-meta";
import { citizenErrors, citizenMessage } from "../services/citizen-dossier.server";
import { DossierActionError } from "../services/dossier-errors.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { answerFeedback, FEEDBACK_MESSAGES, feedbackAnswerSchema, feedbackSchema, mayAnswerFeedback, mayGiveFeedback, sendFeedback } from "../services/feedback.server";
import { readForm } from "../services/forms.server";
import { translatorFor } from "../services/language.server";
import styles from "../styles/citizen-dossiers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => citizenTitle(matches, "feedback.metaTitle", data?.code ?? "");

const dossierPath = (code: string) => `/ho-so/${encodeURIComponent(code)}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  const base = { code: detail.dossier.code, procedureName: detail.procedure.name, agencyName: detail.agency.name, transactionId: crypto.randomUUID() };
  // Officers answer on the dossier page, under each message; they land here only when an answer was refused.
  if (mayAnswerFeedback(user, detail.dossier)) return json({ ...base, mode: "answer" as const });
  if (!mayGiveFeedback(user, detail.dossier)) {
    throw new Response(citizenMessage(translatorFor(request).t, FEEDBACK_MESSAGES.notOwner), { status: 403 });
  }
  return json({ ...base, mode: "send" as const });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  const { t } = translatorFor(request);
  const form = await readForm(request);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const code = detail.dossier.code;
  const fail = (status: number, errors: Record<string, string[]>) => json({ errors, values }, { status });
  try {
    if (form.get("intent") === "answer") {
      const submission = parseWithZod(form, { schema: feedbackAnswerSchema });
      if (submission.status !== "success") return fail(400, citizenErrors(t, submission.reply().error ?? undefined));
      await answerFeedback(context.services, user, detail.dossier, submission.value);
      return redirect(`${dossierPath(code)}?da-tra-loi=1#feedback-title`);
    }
    const submission = parseWithZod(form, { schema: feedbackSchema });
    if (submission.status !== "success") return fail(400, citizenErrors(t, submission.reply().error ?? undefined));
    await sendFeedback(context.services, user, detail.dossier, submission.value);
    return redirect(`${dossierPath(code)}?da-phan-anh=1#feedback-title`);
  } catch (error) {
    if (!(error instanceof DossierActionError)) throw error;
    return fail(error.status, { "": [citizenMessage(t, error.message)] });
  }
}

export default function Feedback() {
  const { code, procedureName, agencyName, transactionId, mode } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("dossier");
  const errors: Record<string, string[]> = reply?.errors ?? {};
  const values = reply?.values ?? {};
  const errorOf = (name: string) =>
    errors[name]?.[0] ? (
      <p id={`${name}-error`} className="field-error">
        {errors[name][0]}
      </p>
    ) : null;
  if (mode === "answer") {
    return (
      <>
        <p>
          <Link to={`${dossierPath(code)}#feedback-title`}>← {code}</Link>
        </p>
        <h1>{t("feedback.officerTitle")}</h1>
        <ErrorSummary errors={errorLinks(errors, () => "answer-again")} title={t("page.errorTitle")} />
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="feedbackId" value={values.feedbackId ?? ""} />
          <label htmlFor="answer-again" className="required">
            {t("feedback.answerLabel")}
          </label>
          <textarea id="answer-again" name="answer" required maxLength={4000} defaultValue={values.answer ?? ""} />
          <p>
            <button type="submit" className="primary" disabled={busy}>
              {t("feedback.answerSubmit")}
            </button>
          </p>
        </Form>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to={dossierPath(code)}>← {code}</Link>
      </p>
      <h1>{t("feedback.new")}</h1>
      <p className="lead">
        {procedureName} — {agencyName}
      </p>
      <p>{t("feedback.lead")}</p>
      <ErrorSummary errors={errorLinks(errors, (name) => name || "feedback-form")} title={t("page.errorTitle")} />
      <Form method="post" className="card" id="feedback-form" data-testid="feedback-form">
        <input type="hidden" name="transactionId" value={values.transactionId ?? transactionId} />
        <label htmlFor="subject" className="required">
          {t("feedback.subject")}
        </label>
        {errorOf("subject")}
        <input
          id="subject"
          name="subject"
          type="text"
          maxLength={200}
          required
          defaultValue={values.subject ?? ""}
          aria-invalid={errors.subject ? true : undefined}
          aria-describedby={errors.subject ? "subject-error" : undefined}
        />
        <label htmlFor="content" className="required">
          {t("feedback.content")}
        </label>
        {errorOf("content")}
        <textarea
          id="content"
          name="content"
          rows={6}
          maxLength={4000}
          required
          defaultValue={values.content ?? ""}
          aria-invalid={errors.content ? true : undefined}
          aria-describedby={errors.content ? "content-error" : undefined}
        />
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {t("feedback.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}
