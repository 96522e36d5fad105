/**
 * The wizard's first step: the applicant, the receiving agency, the e-form, the files, how the paper
 * dossier comes. Every POST saves the draft (`?nhap=<id>`), so "Lưu nháp", the address cascade's
 * "Chọn" and a refused "Tiếp tục" all keep what was typed and uploaded; a valid "Tiếp tục" goes to
 * the review step.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { FormStep } from "../components/wizard/form-step";
import wizardStyles from "../components/wizard/wizard.css";
import { metaTranslator } from "../portal";
import { loadProcedureForSubmission, receivingAgenciesOf } from "../services/dossier-submission.server";
import { loadDraft } from "../services/drafts.server";
import { addressChoices, agencyMatchingAddress, saveFormStep, stepIntentOf, wizardFormSpec } from "../services/drafts-wizard.server";
import { translatorFor } from "../services/language.server";
import { requirePermission } from "../services/permissions.server";
import { FormRejected, parseForm, rejectionHeaders } from "../services/uploads.server";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "wizard");
  return [{ title: t("metaTitle", { province: provinceName }) }];
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: wizardStyles }];

const notFound = () => new Response("Không tìm thấy thủ tục hành chính này.", { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const loaded = await loadProcedureForSubmission(services, params.code ?? "");
  if (!loaded || loaded.procedure.serviceMode === "info") throw notFound();
  const url = new URL(request.url);
  const draftId = url.searchParams.get("nhap");
  const draft = draftId ? await loadDraft(services.database.db, user.id, draftId) : null;
  if (draftId && (!draft || draft.procedureId !== loaded.procedure.id)) {
    throw new Response("Không tìm thấy bản nháp này (có thể đã nộp, đã xoá hoặc đã hết hạn).", { status: 404 });
  }
  const agencies = (await receivingAgenciesOf(services, loaded.procedure)).map((a) => ({ id: a.id, name: a.name, address: a.address ?? null }));
  const profile = { applicantName: user.fullName, applicantIdNumber: user.idNumber ?? "", applicantPhone: user.phone ?? "", applicantEmail: user.email ?? "", applicantAddress: user.address ?? "" };
  const suggested = agencyMatchingAddress(agencies, user.address);
  // A new form starts from the profile; a draft is what was saved.
  const values: Record<string, string> = draft ? draft.values : { ...profile, agencyId: agencies.length > 1 && suggested ? String(suggested) : "" };
  return json({
    procedure: loaded.procedure,
    agencies,
    values,
    files: draft?.files ?? [],
    draft: draft ? { id: draft.id, version: draft.version, updatedAt: draft.updatedAt.toISOString(), expiresAt: draft.expiresAt.toISOString() } : null,
    units: await addressChoices(services.database.db, loaded.procedure.formFields, values),
    saved: url.searchParams.get("da-luu") === "1",
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const loaded = await loadProcedureForSubmission(services, params.code ?? "");
  if (!loaded || loaded.procedure.serviceMode === "info") throw notFound();
  const { procedure } = loaded;
  const { t, language } = translatorFor(request, "wizard");
  const url = new URL(request.url);
  const draftId = url.searchParams.get("nhap");
  const draft = draftId ? await loadDraft(services.database.db, user.id, draftId) : null;
  let posted: FormData;
  try {
    posted = await parseForm(request, wizardFormSpec(procedure));
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return json(
      { errors: {} as Record<string, string>, formError: error.message, values: null, files: null, units: null, draft: null },
      { status: error.status, headers: rejectionHeaders },
    );
  }
  if (draftId && (!draft || draft.procedureId !== procedure.id)) {
    return json(
      { errors: {} as Record<string, string>, formError: t("draftGone"), values: null, files: null, units: null, draft: null },
      { status: 404 },
    );
  }
  const intent = stepIntentOf(posted.get("intent")?.toString());
  const outcome = await saveFormStep(services, { userId: user.id, procedure, draft, form: posted, intent, language });
  const saved = outcome.draft;
  if (saved && outcome.status === 200) {
    const base = `/thu-tuc/${encodeURIComponent(procedure.code)}/nop-truc-tuyen?nhap=${saved.id}`;
    if (intent.kind === "save") return redirect(`${base}&da-luu=1`);
    if (intent.kind === "choose") return redirect(`${base}#${intent.field}__unit`);
    return redirect(`/ho-so-nhap/${saved.id}/xem-lai`);
  }
  return json(
    {
      errors: outcome.errors,
      formError: outcome.status === 409 ? t("draftConflict") : outcome.status === 404 ? t("draftGone") : t("notSubmitted"),
      values: outcome.values,
      files: outcome.files,
      units: await addressChoices(services.database.db, procedure.formFields, outcome.values),
      draft: saved ? { id: saved.id, version: saved.version, updatedAt: saved.updatedAt.toISOString(), expiresAt: saved.expiresAt.toISOString() } : null,
    },
    { status: outcome.status },
  );
}

export default function SubmitOnline() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <FormStep
      procedure={page.procedure}
      agencies={page.agencies}
      values={reply?.values ?? page.values}
      files={reply?.files ?? page.files}
      units={reply?.units ?? page.units}
      draft={reply?.draft ?? page.draft}
      saved={page.saved && !reply}
      errors={reply?.errors ?? {}}
      formError={reply ? reply.formError : undefined}
    />
  );
}
