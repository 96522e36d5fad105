import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ACTION_FORMS, ButtonActionForm, DetailedActionForm, DraftResultForm, SupplementForm } from "../components/dossier/action-forms";
import { DossierSections } from "../components/dossier/dossier-sections";
import { performActionFromForm } from "../services/dossier-form-actions.server";
import { dossierPageModel } from "../services/dossier-page.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { parseFormWithUploads } from "../services/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Hồ sơ ${data.dossier.code} — Một Cửa Thái Bình` : "Hồ sơ" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  return json(await dossierPageModel(context.services, user, detail));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await requireDossierForRequest(context.services, request, params.code ?? "", "read");
  // The supplement's file is parsed by the upload rules; performDossierAction checks the action itself.
  const form = await parseFormWithUploads(request);
  const outcome = await performActionFromForm(context.services, user, detail, form);
  return json(outcome, { status: outcome.status });
}

export default function DossierPage() {
  const model = useLoaderData<typeof loader>();
  const { dossier, actions, draft, viewer, forwardTargets } = model;
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const justSubmitted = params.get("da-nop") === "1";
  const formProps = { version: dossier.version, reply, busy };

  return (
    <>
      <p>{viewer.isCitizen ? <Link to="/ho-so-cua-toi">← Hồ sơ của tôi</Link> : <Link to="/can-bo">← Hồ sơ cần xử lý</Link>}</p>
      {justSubmitted ? (
        <div className="notice" role="status">
          <strong>Nộp hồ sơ thành công.</strong> Mã hồ sơ của bạn là <strong data-testid="dossier-code">{dossier.code}</strong>. Vui lòng
          giữ mã này để tra cứu.{" "}
          <a href={`/ho-so/${dossier.code}/bien-nhan`} download>
            Tải Giấy tiếp nhận hồ sơ (PDF)
          </a>
        </div>
      ) : null}
      <h1>
        Hồ sơ <span data-testid="code">{dossier.code}</span>
      </h1>
      <p>
        <span className={`status status-${dossier.status}`} data-testid="status">
          {dossier.statusName}
        </span>{" "}
        {dossier.stepName ? <span className="hint">Bước hiện tại: {dossier.stepName}</span> : null}
        {dossier.late ? <span className="late"> — Quá hạn giải quyết</span> : null}
      </p>

      {reply?.done ? (
        <div className="notice" role="status">
          {reply.done}
        </div>
      ) : null}

      {actions.length > 0 ? (
        <section className="card action-panel" aria-labelledby="actions-title">
          <h2 id="actions-title">Xử lý hồ sơ</h2>
          {actions
            .filter((a) => a.type === "COMPLETE_STEP" && draft)
            .map((a) => (
              <DraftResultForm key={a.type} action={a} draft={draft!} {...formProps} />
            ))}
          <div className="actions">
            {actions
              .filter((a) => !ACTION_FORMS[a.type] && a.type !== "SUPPLEMENT_PROVIDED" && !(draft && a.type === "COMPLETE_STEP"))
              .map((a) => (
                <ButtonActionForm key={a.type} action={a} {...formProps} />
              ))}
          </div>
          {actions
            .filter((a) => ACTION_FORMS[a.type])
            .map((a) => (
              <DetailedActionForm key={a.type} action={a} forwardTargets={forwardTargets} {...formProps} />
            ))}
          {actions
            .filter((a) => a.type === "SUPPLEMENT_PROVIDED")
            .map((a) => (
              <SupplementForm key={a.type} action={a} {...formProps} />
            ))}
        </section>
      ) : null}

      <DossierSections model={model} />
    </>
  );
}
