import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translatorFor } from "../services/language.server";
import { metaTranslator, usePortal } from "../portal";
import { fileField, FormRejected, parseForm, rejectionHeaders } from "../services/uploads.server";
import { issuedDocumentsFor, verifyDocument, type SignatureView } from "../services/verification.server";
import { formatDateTime } from "../labels";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "verify");
  return [{ title: t("metaTitle", { province: provinceName }) }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const token = params.get("t")?.trim() ?? "";
  // A bare code (?ma=…, as printed on forms before the token) is answered like a wrong token.
  if (!token && !params.has("ma")) return json({ dossier: null, notFound: false });
  const dossier = token ? await issuedDocumentsFor(context.services, token) : null;
  return json({ dossier, notFound: !dossier }, { status: dossier ? 200 : 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = translatorFor(request, "verify");
  try {
    await context.services.rateLimits.consume("verificationUpload", context.clientIp ?? "unknown");
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    return json({ error: error.message, result: null }, { status: 429, headers: rateLimitedHeaders(error) });
  }
  let form: FormData;
  try {
    form = await parseForm(request, { fields: () => false, files: (name) => name === "document", maxFiles: 1 });
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return json({ error: error.message, result: null }, { status: error.status, headers: rejectionHeaders });
  }
  const chosen = fileField(form.get("document"));
  if (!chosen) return json({ error: t("chooseFile"), result: null }, { status: 400 });
  if ("oversizeName" in chosen) return json({ error: t("tooLarge", { name: chosen.oversizeName }), result: null }, { status: 413 });
  const bytes = new Uint8Array(await chosen.file.arrayBuffer());
  const result = await verifyDocument(context.services, bytes);
  if (result.error) return json({ error: result.error, result: null }, { status: 400 });
  return json({ error: null, result, fileName: chosen.file.name });
}

function Signatures({ signatures }: { signatures: SignatureView[] }) {
  const { t } = useTranslation("verify");
  if (signatures.length === 0) return <p className="error">{t("noSignature")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("signer")}</th>
            <th scope="col">{t("signedAt")}</th>
            <th scope="col">{t("integrity")}</th>
            <th scope="col">{t("trust")}</th>
            <th scope="col">{t("scope")}</th>
          </tr>
        </thead>
        <tbody>
          {signatures.map((s, i) => (
            <tr key={i}>
              <td>
                {s.signerName}
                <div className="hint">{t("issuer", { issuer: s.issuer })}</div>
              </td>
              <td>{formatDateTime(s.signingTime)}</td>
              <td className={s.intact ? undefined : "error"}>{s.intact ? t("intact") : t("changed")}</td>
              <td className={s.trusted && s.validAtSigning ? undefined : "error"}>
                {s.trusted ? (s.validAtSigning ? t("trustedValid") : t("trustedExpired")) : t("untrusted")}
              </td>
              <td>{s.coversWholeDocument ? t("wholeDocument") : t("partDocument")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function VerifyDocument() {
  const { dossier, notFound } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const result = data?.result;
  const { t } = useTranslation("verify");
  const { provinceName } = usePortal();
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead", { province: provinceName })}</p>

      {notFound ? (
        <p className="error-box" role="alert">
          {t("badLink")}
        </p>
      ) : null}
      {dossier ? (
        <section className="card" aria-labelledby="issued-title">
          <h2 id="issued-title">{t("issuedTitle", { code: dossier.code })}</h2>
          <p>
            {dossier.procedureName} — {dossier.agencyName}
          </p>
          {dossier.documents.length === 0 ? <p>{t("noneIssued")}</p> : null}
          {dossier.documents.map((d, i) => (
            <div key={i}>
              <h3>
                {d.name} <span className="hint">({formatDateTime(d.issuedAt)})</span>
              </h3>
              <p className={d.verification.ok ? "notice" : "error-box"}>{d.verification.ok ? t("signatureValid") : t("signatureInvalid")}</p>
              <Signatures signatures={d.verification.signatures} />
            </div>
          ))}
        </section>
      ) : null}

      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("uploadTitle")}</h2>
        {data?.error ? (
          <p className="error-box" role="alert">
            {String(data.error)}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data">
          <label htmlFor="document">{t("fileLabel")}</label>
          <input id="document" name="document" type="file" accept="application/pdf" />
          <p>
            <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
              {t("submit")}
            </button>
          </p>
        </Form>
        {result ? (
          <div data-testid="verification-result">
            <p className={result.ok ? "notice" : "error-box"} role="status">
              {result.ok
                ? t("resultOk")
                : result.modifiedAfterLastSignature
                  ? t("resultModified")
                  : t("resultInvalid")}
            </p>
            {result.issued ? (
              <p>
                {t("matches", {
                  document: result.issued.documentName,
                  code: result.issued.dossierCode,
                  procedure: result.issued.procedureName,
                  agency: result.issued.agencyName,
                })}
              </p>
            ) : (
              <p className="hint">{t("noMatch")}</p>
            )}
            <Signatures signatures={result.signatures} />
          </div>
        ) : null}
      </section>
    </>
  );
}
