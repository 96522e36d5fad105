/** The read-only parts of the dossier page: result, facts, files, history. */
import { formatDateTime } from "../../labels";
import type { DossierPageModel } from "../../services/dossier-page.server";
import type { SerializeFrom } from "@remix-run/node";

type Model = SerializeFrom<DossierPageModel>;

const ATTACHMENT_RECEIPT_NAME = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)";

function formatSize(bytes: number) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function DossierSections({ model }: { model: Model }) {
  const { dossier, procedure, agencyName, files, timeline, viewer } = model;
  const receipt = [...files].reverse().find((f) => f.kind === "receipt");
  const signedResult = files.find((f) => f.kind === "result");
  return (
    <>
      {signedResult ? (
        <section className="card" aria-labelledby="result-title">
          <h2 id="result-title">Kết quả giải quyết</h2>
          <p>
            <a className="button" href={`/ho-so/${dossier.code}/tep/${signedResult.id}`} download data-testid="result-download">
              Tải {procedure.resultName} (PDF có chữ ký số)
            </a>
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">Thông tin hồ sơ</h2>
        <dl className="facts">
          <dt>Thủ tục</dt>
          <dd>
            {procedure.name} ({procedure.code})
          </dd>
          <dt>Cơ quan giải quyết</dt>
          <dd>{agencyName}</dd>
          <dt>Người nộp</dt>
          <dd>
            {dossier.applicantName} — CCCD {dossier.applicantIdNumber} — {dossier.applicantPhone}
          </dd>
          <dt>Địa chỉ</dt>
          <dd>{dossier.applicantAddress}</dd>
          {dossier.formValues.map((f) => (
            <FormValue key={f.label} label={f.label} value={f.value} />
          ))}
          <dt>Ngày nộp</dt>
          <dd>{formatDateTime(dossier.submittedAt)}</dd>
          <dt>Ngày tiếp nhận</dt>
          <dd>{formatDateTime(dossier.receivedAt)}</dd>
          <dt>Hẹn trả kết quả</dt>
          <dd>{formatDateTime(dossier.dueAt)}</dd>
          {dossier.returnedAt ? (
            <>
              <dt>Ngày trả kết quả</dt>
              <dd>
                {formatDateTime(dossier.returnedAt)}
                {dossier.timeliness ? <span data-testid="timeliness"> — {dossier.timeliness}</span> : null}
              </dd>
            </>
          ) : null}
          <dt>Nhận kết quả</dt>
          <dd>{dossier.resultDelivery}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="files-title">
        <h2 id="files-title">Giấy tờ, tệp đính kèm</h2>
        {files.length === 0 ? <p>Chưa có tệp.</p> : null}
        <ul>
          {viewer.canReadControlSheet ? (
            <li>
              <a href={`/ho-so/${dossier.code}/phieu-kiem-soat`} download>
                Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)
              </a>
            </li>
          ) : null}
          {receipt ? (
            <li>
              <a href={`/ho-so/${dossier.code}/bien-nhan`} download>
                {ATTACHMENT_RECEIPT_NAME}
              </a>
            </li>
          ) : null}
          {files
            .filter((f) => f.kind !== "receipt")
            .map((f) => (
              <li key={f.id}>
                <a href={`/ho-so/${dossier.code}/tep/${f.id}`}>{f.documentName ?? f.kindName}</a>{" "}
                <span className="hint">
                  — {f.kindName}: {f.fileName}, {formatSize(f.size)}
                </span>
              </li>
            ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Quá trình xử lý</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((t) => (
            <li key={t.seq}>
              <strong>{t.label}</strong> → <span className="hint">{t.statusName}</span>
              <br />
              <time dateTime={String(t.at)}>{formatDateTime(t.at)}</time> — <span className="who">{t.actor}</span>
              {t.actorId !== null && model.actorPlaces[t.actorId] ? <span className="who">, {model.actorPlaces[t.actorId]}</span> : null}
              {t.note ? <div>Ghi chú: {t.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function FormValue({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value || "—"}</dd>
    </>
  );
}
