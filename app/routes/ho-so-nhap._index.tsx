/**
 * The citizen's drafts (hồ sơ nháp), on any device she signs in on: resume, review, delete. A draft
 * is kept 30 days after its last save.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import wizardStyles from "../components/wizard/wizard.css";
import { formatDateTime } from "../labels";
import { metaTranslator } from "../portal";
import { deleteDraft, DRAFT_TTL_DAYS, listDrafts } from "../services/drafts.server";
import { readForm } from "../services/forms.server";
import { translatorFor } from "../services/language.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "wizard");
  return [{ title: t("draftsMetaTitle", { province: provinceName }) }];
};
export const links: LinksFunction = () => [{ rel: "stylesheet", href: wizardStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const drafts = await listDrafts(services.database.db, user.id);
  return json({ ttlDays: DRAFT_TTL_DAYS, drafts: drafts.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString(), expiresAt: d.expiresAt.toISOString() })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const { t } = translatorFor(request, "wizard");
  const form = await readForm(request);
  const id = String(form.get("draftId") ?? "");
  const version = Number(form.get("draftVersion"));
  if (form.get("intent") !== "delete" || !Number.isInteger(version)) return json({ error: t("drafts.badRequest") }, { status: 400 });
  const removed = await deleteDraft(services.database.db, user.id, id, version);
  if (!removed) return json({ error: t("drafts.deleteConflict") }, { status: 409 });
  return redirect("/ho-so-nhap?da-xoa=1");
}

export default function Drafts() {
  const { drafts, ttlDays } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("wizard");
  return (
    <>
      <p>
        <Link to="/ho-so-cua-toi">{t("drafts.back")}</Link>
      </p>
      <h1>{t("drafts.title")}</h1>
      <p className="lead">{t("drafts.lead", { days: ttlDays })}</p>
      {reply?.error ? (
        <div className="error-box" role="alert">
          {reply.error}
        </div>
      ) : null}
      {params.get("da-xoa") === "1" && !reply ? (
        <div className="notice" role="status">
          {t("drafts.deleted")}
        </div>
      ) : null}
      {drafts.length === 0 ? (
        <p>
          {t("drafts.none")} <Link to="/thu-tuc">{t("drafts.find")}</Link>.
        </p>
      ) : (
        <ul className="draft-list" data-testid="drafts">
          {drafts.map((d) => (
            <li key={d.id} data-testid="draft">
              <h2 style={{ fontSize: "1.1rem", margin: "0 0 .25rem" }}>{d.procedureName}</h2>
              <p className="hint">
                {t("drafts.meta", { saved: formatDateTime(d.updatedAt), files: d.fileCount, expires: formatDateTime(d.expiresAt) })}
              </p>
              <div className="wizard-actions">
                <Link className="button" to={`/thu-tuc/${d.procedureCode}/nop-truc-tuyen?nhap=${d.id}`} aria-label={t("drafts.resumeLabel", { procedure: d.procedureName })}>
                  {t("drafts.resume")}
                </Link>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="draftId" value={d.id} />
                  <input type="hidden" name="draftVersion" value={d.version} />
                  <button type="submit" className="danger" aria-label={t("drafts.deleteLabel", { procedure: d.procedureName })}>
                    {t("drafts.delete")}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
