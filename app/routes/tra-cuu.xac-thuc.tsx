import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { fileField, FormRejected, parseForm, rejectionHeaders } from "../services/uploads.server";
import { issuedDocumentsFor, verifyDocument, type SignatureView } from "../services/verification.server";
import { formatDateTime } from "../labels";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction = () => [{ title: "Xác thực văn bản điện tử — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const token = params.get("t")?.trim() ?? "";
  // A bare code (?ma=…, as printed on forms before the token) is answered like a wrong token.
  if (!token && !params.has("ma")) return json({ dossier: null, notFound: false });
  const dossier = token ? await issuedDocumentsFor(context.services, token) : null;
  return json({ dossier, notFound: !dossier }, { status: dossier ? 200 : 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
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
  if (!chosen) return json({ error: "Vui lòng chọn tệp PDF cần xác thực.", result: null }, { status: 400 });
  if ("oversizeName" in chosen) return json({ error: `Tệp "${chosen.oversizeName}" vượt quá 10 MB.`, result: null }, { status: 413 });
  const bytes = new Uint8Array(await chosen.file.arrayBuffer());
  const result = await verifyDocument(context.services, bytes);
  if (result.error) return json({ error: result.error, result: null }, { status: 400 });
  return json({ error: null, result, fileName: chosen.file.name });
}

function Signatures({ signatures }: { signatures: SignatureView[] }) {
  if (signatures.length === 0) return <p className="error">Văn bản không có chữ ký số.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Người ký</th>
            <th scope="col">Thời gian ký</th>
            <th scope="col">Toàn vẹn</th>
            <th scope="col">Chứng thư tin cậy</th>
            <th scope="col">Phạm vi ký</th>
          </tr>
        </thead>
        <tbody>
          {signatures.map((s, i) => (
            <tr key={i}>
              <td>
                {s.signerName}
                <div className="hint">Cấp bởi: {s.issuer}</div>
              </td>
              <td>{formatDateTime(s.signingTime)}</td>
              <td className={s.intact ? undefined : "error"}>{s.intact ? "Nguyên vẹn" : "Đã bị thay đổi"}</td>
              <td className={s.trusted && s.validAtSigning ? undefined : "error"}>
                {s.trusted ? (s.validAtSigning ? "Tin cậy, còn hiệu lực khi ký" : "Hết hiệu lực khi ký") : "Không tin cậy"}
              </td>
              <td>{s.coversWholeDocument ? "Toàn bộ văn bản" : "Một phần (có chữ ký sau)"}</td>
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
  return (
    <>
      <h1>Xác thực văn bản điện tử</h1>
      <p className="lead">Kiểm tra chữ ký số của giấy tờ, kết quả do cơ quan nhà nước tỉnh Thái Bình ban hành.</p>

      {notFound ? (
        <p className="error-box" role="alert">
          Liên kết xác thực không hợp lệ hoặc đã hết hiệu lực. Hãy quét lại mã QR trên văn bản, hoặc tải tệp PDF lên bên dưới để kiểm tra.
        </p>
      ) : null}
      {dossier ? (
        <section className="card" aria-labelledby="issued-title">
          <h2 id="issued-title">Văn bản đã ban hành cho hồ sơ {dossier.code}</h2>
          <p>
            {dossier.procedureName} — {dossier.agencyName}
          </p>
          {dossier.documents.length === 0 ? <p>Chưa có văn bản nào được ban hành.</p> : null}
          {dossier.documents.map((d, i) => (
            <div key={i}>
              <h3>
                {d.name} <span className="hint">({formatDateTime(d.issuedAt)})</span>
              </h3>
              <p className={d.verification.ok ? "notice" : "error-box"}>{d.verification.ok ? "Chữ ký số hợp lệ." : "Chữ ký số không hợp lệ."}</p>
              <Signatures signatures={d.verification.signatures} />
            </div>
          ))}
        </section>
      ) : null}

      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Kiểm tra một tệp PDF</h2>
        {data?.error ? (
          <p className="error-box" role="alert">
            {data.error}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data">
          <label htmlFor="document">Tệp PDF cần xác thực</label>
          <input id="document" name="document" type="file" accept="application/pdf" />
          <p>
            <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
              Xác thực
            </button>
          </p>
        </Form>
        {result ? (
          <div data-testid="verification-result">
            <p className={result.ok ? "notice" : "error-box"} role="status">
              {result.ok
                ? "Văn bản còn nguyên vẹn, chữ ký số hợp lệ và do chứng thư tin cậy cấp."
                : result.modifiedAfterLastSignature
                  ? "Văn bản đã bị sửa đổi sau khi ký."
                  : "Chữ ký số không hợp lệ hoặc văn bản đã bị thay đổi."}
            </p>
            {result.issued ? (
              <p>
                Trùng khớp với bản lưu: {result.issued.documentName}, hồ sơ {result.issued.dossierCode} ({result.issued.procedureName},{" "}
                {result.issued.agencyName}).
              </p>
            ) : (
              <p className="hint">Tệp không trùng khớp với văn bản nào đang lưu trên hệ thống.</p>
            )}
            <Signatures signatures={result.signatures} />
          </div>
        ) : null}
      </section>
    </>
  );
}
