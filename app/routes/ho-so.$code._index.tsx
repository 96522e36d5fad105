import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ACTION_FORMS, ButtonActionForm, DetailedActionForm, DraftResultForm, SupplementForm } from "../components/dossier/action-forms";
import { AssignmentPanel, StaleNotice } from "../components/dossier/assignment-panel";
import { DossierSections } from "../components/dossier/dossier-sections";
import { FeePanel } from "../components/dossier/fee-panel";
import { FeedbackPanel, RatingPanel } from "../components/dossier/feedback-panel";
import { SupplementPanel } from "../components/dossier/supplement-panel";
import { formatDateTime } from "../labels";
import { SubmissionConfirmation } from "../components/dossier/submission-confirmation";
import { expectedResultAt } from "../services/citizen-dossier.server";
import styles from "../styles/citizen-dossiers.css";
import { DeskPanels, deskHandledIntents } from "../components/desk/desk-panels";
import { DeskSections } from "../components/desk/desk-sections";
import { DOSSIER_PAGE_FORM, performDossierPageAction } from "../services/desk/desk-actions.server";
import { deskPanelModel } from "../services/desk/dossier-desk.server";
import type { FormActionOutcome } from "../services/dossier-form-actions.server";
import { dossierPageModel } from "../services/dossier-page.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { FormRejected, parseForm, rejectionHeaders } from "../services/uploads.server";
import { isSigningAct, SIGNING_ACT_LABELS } from "../signing-acts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Hồ sơ ${data.dossier.code} — Một Cửa Thái Bình` : "Hồ sơ" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  // Right after submission, the applicant's confirmation says when to expect the result.
  const justSubmitted = new URL(request.url).searchParams.get("da-nop") === "1" && detail.dossier.applicantUserId === user.id;
  return json({
    ...(await dossierPageModel(context.services, user, detail)),
    desk: await deskPanelModel(context.services, user, detail),
    expectedResultAt: justSubmitted ? (await expectedResultAt(context.services, detail)).toISOString() : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  // Read only after the session and the dossier are checked: a stranger's body is never parsed. The
  // supplement's file follows the upload rules; performDossierAction checks the action itself.
  let form: FormData;
  try {
    form = await parseForm(request, DOSSIER_PAGE_FORM);
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    const rejected: FormActionOutcome = { status: error.status, intent: "", result: { status: "error", error: { "": [error.message] } } };
    return json(rejected, { status: error.status, headers: rejectionHeaders });
  }
  const outcome = await performDossierPageAction(context.services, user, detail, form);
  return json(outcome, { status: outcome.status });
}

export default function DossierPage() {
  const model = useLoaderData<typeof loader>();
  const { dossier, draft, viewer, forwardTargets, desk } = model;
  // The desk's reception and return panels take over their actions' generic forms.
  const deskIntents = deskHandledIntents(desk);
  const actions = model.actions.filter((a) => !deskIntents.has(a.type));
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const justSubmitted = params.get("da-nop") === "1";
  const justSigned = params.get("da-ky");
  const justSubmittedDraft = params.get("da-trinh") === "1";
  const justFeedback = params.get("da-phan-anh") === "1";
  const justRated = params.get("da-danh-gia") === "1";
  const justAnswered = params.get("da-tra-loi") === "1";
  const formProps = { version: dossier.version, reply, busy };
  const { t } = useTranslation("dossier");
  const { t: tc } = useTranslation();

  return (
    <>
      <p>{viewer.isCitizen ? <Link to="/ho-so-cua-toi">{t("page.back")}</Link> : <Link to="/can-bo">← Hồ sơ cần xử lý</Link>}</p>
      {justSubmitted ? <SubmissionConfirmation code={dossier.code} expectedAt={model.expectedResultAt} fees={model.fees} resultDelivery={dossier.resultDeliveryCode} /> : null}
      <h1>
        {t("page.title")} <span data-testid="code">{dossier.code}</span>
      </h1>
      <p>
        <span className={`status status-${dossier.status}`} data-testid="status">
          {tc(`status.${dossier.status}` as "status.1")}
        </span>{" "}
        {dossier.stepName ? <span className="hint">{t("page.step", { step: dossier.stepName })}</span> : null}
        {dossier.late ? <span className="late"> — {t("page.late")}</span> : null}
      </p>
      <p data-testid="due">
        <strong>{t("page.due")}:</strong> {formatDateTime(dossier.dueAt)}
      </p>
      {model.pausedAt ? (
        <p className="notice" data-testid="clock-paused">
          {t("page.clockPaused", { since: formatDateTime(model.pausedAt) })}
        </p>
      ) : null}
      {justFeedback ? (
        <div className="notice" role="status">
          {t("feedback.sent")}
        </div>
      ) : null}
      {justRated ? (
        <div className="notice" role="status">
          {t("rating.done")}
        </div>
      ) : null}
      {justAnswered ? (
        <div className="notice" role="status">
          {t("feedback.answered")}
        </div>
      ) : null}
      {model.supplementRequest ? (
        <SupplementPanel request={model.supplementRequest} action={model.actions.find((a) => a.type === "SUPPLEMENT_PROVIDED")} {...formProps} />
      ) : null}

      <StaleNotice
        reply={reply}
        statusName={dossier.statusName}
        stepName={dossier.stepName}
        formStillOffered={actions.some((a) => a.type === reply?.intent) || (reply?.intent === "CLAIM" && !!model.assignment?.canClaim) || (reply?.intent === "ASSIGN" && !!model.assignment?.canAssign)}
      />
      <FeePanel fees={model.fees} />

      {justSigned && isSigningAct(justSigned) ? (
        <div className="notice" role="status">
          Đã thực hiện: {SIGNING_ACT_LABELS[justSigned].done}
        </div>
      ) : null}
      {justSubmittedDraft ? (
        <div className="notice" role="status">
          Đã trình dự thảo kết quả cho bước tiếp theo.
        </div>
      ) : null}
      {reply?.done ? (
        <div className="notice" role="status">
          {reply.done}
        </div>
      ) : null}

      {model.actions.length > 0 ? (
        <section className="card action-panel" aria-labelledby="actions-title">
          <h2 id="actions-title">{viewer.isCitizen ? t("page.actions") : "Xử lý hồ sơ"}</h2>
          <DeskPanels desk={desk} actions={model.actions} {...formProps} />
          {actions
            .filter((a) => a.type === "COMPLETE_STEP" && draft)
            .map((a) => (
              <DraftResultForm key={a.type} action={a} draft={draft!} handOver={model.handOver} {...formProps} />
            ))}
          <div className="actions">
            {actions
              .filter((a) => isSigningAct(a.type))
              .map((a) => (
                // A signature needs the document in view and a fresh confirmation: the signing page.
                <Link key={a.type} className="button primary" to={`/ho-so/${encodeURIComponent(dossier.code)}/ky-duyet`}>
                  {SIGNING_ACT_LABELS[a.type as keyof typeof SIGNING_ACT_LABELS].title}
                </Link>
              ))}
            {actions
              .filter((a) => !ACTION_FORMS[a.type] && !isSigningAct(a.type) && a.type !== "SUPPLEMENT_PROVIDED" && !(draft && a.type === "COMPLETE_STEP"))
              .map((a) => (
                <ButtonActionForm key={a.type} action={a} handOver={model.handOver} {...formProps} />
              ))}
          </div>
          {actions
            .filter((a) => ACTION_FORMS[a.type])
            .map((a) => (
              <DetailedActionForm key={a.type} action={a} forwardTargets={forwardTargets} documents={model.procedureDocuments} {...formProps} />
            ))}
          {actions
            // The supplement request's panel carries the upload per missing document.
            .filter((a) => a.type === "SUPPLEMENT_PROVIDED" && !model.supplementRequest)
            .map((a) => (
              <SupplementForm key={a.type} action={a} {...formProps} />
            ))}
        </section>
      ) : null}

      <AssignmentPanel panel={model.assignment} {...formProps} />

      <DeskSections desk={desk} code={dossier.code} resultPrintable={!viewer.isCitizen && model.files.some((f) => f.kind === "result")} />
      <RatingPanel code={dossier.code} rating={model.rating} />
      <DossierSections model={model} />
      <FeedbackPanel code={dossier.code} feedback={model.feedback} />
    </>
  );
}
