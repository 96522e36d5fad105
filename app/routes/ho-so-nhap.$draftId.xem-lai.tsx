/**
 * The wizard's review step (xem lại): everything entered, the files, the fee, the receiving agency
 * and the expected date; then how the result comes; then "Nộp hồ sơ", which submits the draft with
 * its idempotency key (a double submit or a replay shows the same dossier).
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { procedures } from "../../db/schema";
import { ReviewStep } from "../components/wizard/review-step";
import { metaTranslator } from "../portal";
import wizardStyles from "../components/wizard/wizard.css";
import { loadDraft } from "../services/drafts.server";
import { reviewModel, submitReview } from "../services/drafts-wizard.server";
import { readForm } from "../services/forms.server";
import { translatorFor } from "../services/language.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "wizard");
  return [{ title: t("reviewMetaTitle", { province: provinceName }) }];
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: wizardStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const draft = await loadDraft(services.database.db, user.id, params.draftId ?? "");
  if (!draft) throw new Response("Không tìm thấy bản nháp này (có thể đã nộp, đã xoá hoặc đã hết hạn).", { status: 404 });
  const [procedure] = await services.database.db.select().from(procedures).where(eq(procedures.id, draft.procedureId));
  return json({
    procedure: { code: procedure.code, name: procedure.name, serviceMode: procedure.serviceMode },
    draft: { id: draft.id, version: draft.version, idempotencyKey: draft.idempotencyKey, values: draft.values },
    review: await reviewModel(services, procedure, draft),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const { t, language } = translatorFor(request, "wizard");
  const form = await readForm(request);
  // A self-registered account submits once it has proved its e-mail or phone (ADR 0019); the draft stays.
  if (user.needsVerification) return json({ errors: {}, formError: t("verifyFirst"), values: null }, { status: 403 });
  const outcome = await submitReview(services, { userId: user.id, draftId: params.draftId ?? "", form, language });
  if (outcome.kind === "submitted") return redirect(`/ho-so/${encodeURIComponent(outcome.code)}?da-nop=1`);
  // Messages of the workflow's own refusals (ADR 0017) stay as the service wrote them.
  const formError = outcome.status === 409 ? t("draftConflict") : outcome.status === 404 ? t("draftGone") : Object.keys(outcome.errors).length > 0 ? t("notSubmitted") : outcome.formError;
  return json({ errors: outcome.errors, formError, values: outcome.values }, { status: outcome.status });
}

export default function Review() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <ReviewStep
      procedure={page.procedure}
      draft={page.draft}
      review={page.review}
      values={reply?.values && Object.keys(reply.values).length > 0 ? reply.values : page.draft.values}
      errors={reply?.errors ?? {}}
      formError={reply?.formError}
    />
  );
}
