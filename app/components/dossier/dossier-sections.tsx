/** The read-only parts of the dossier page: result, facts, files, history. */
import { formatDateTime } from "../../labels";
import type { DossierPageModel } from "../../services/dossier-page.server";
import type { SerializeFrom } from "@remix-run/node";
import { useTranslation } from "react-i18next";

type Model = SerializeFrom<DossierPageModel>;

function formatSize(bytes: number) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function DossierSections({ model }: { model: Model }) {
  const { dossier, procedure, agencyName, files, timeline, viewer } = model;
  const receipt = [...files].reverse().find((f) => f.kind === "receipt");
  const signedResult = files.find((f) => f.kind === "result");
  const { t } = useTranslation("dossier");
  const translate = t;
  return (
    <>
      {signedResult ? (
        <section className="card" aria-labelledby="result-title">
          <h2 id="result-title">{t("sections.result")}</h2>
          <p>
            <a className="button" href={`/ho-so/${dossier.code}/tep/${signedResult.id}`} download data-testid="result-download">
              {t("sections.resultDownload", { name: procedure.resultName })}
            </a>
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">{t("sections.info")}</h2>
        <dl className="facts">
          <dt>{t("sections.procedure")}</dt>
          <dd>
            {procedure.name} ({procedure.code})
          </dd>
          <dt>{t("sections.agency")}</dt>
          <dd>{agencyName}</dd>
          <dt>{t("sections.applicant")}</dt>
          <dd>
            {dossier.applicantName} — {t("sections.idNumber")} {dossier.applicantIdNumber} — {dossier.applicantPhone}
          </dd>
          <dt>{t("sections.address")}</dt>
          <dd>{dossier.applicantAddress}</dd>
          {dossier.formValues.map((f) => (
            <FormValue key={f.label} label={f.label} value={f.value} />
          ))}
          <dt>{t("sections.submitted")}</dt>
          <dd>{formatDateTime(dossier.submittedAt)}</dd>
          <dt>{t("sections.received")}</dt>
          <dd>{formatDateTime(dossier.receivedAt)}</dd>
          <dt>{t("sections.due")}</dt>
          <dd>{formatDateTime(dossier.dueAt)}</dd>
          {dossier.returnedAt ? (
            <>
              <dt>{t("sections.returned")}</dt>
              <dd>
                {formatDateTime(dossier.returnedAt)}
                {dossier.timeliness ? <span data-testid="timeliness"> — {dossier.timeliness}</span> : null}
              </dd>
            </>
          ) : null}
          <dt>{t("sections.delivery")}</dt>
          <dd>{dossier.resultDelivery}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="files-title">
        <h2 id="files-title">{t("sections.files")}</h2>
        {files.length === 0 ? <p>{t("sections.noFiles")}</p> : null}
        <ul>
          {viewer.canReadControlSheet ? (
            <li>
              <a href={`/ho-so/${dossier.code}/phieu-kiem-soat`} download>
                {t("sections.controlSheet")}
              </a>
            </li>
          ) : null}
          {receipt ? (
            <li>
              <a href={`/ho-so/${dossier.code}/bien-nhan`} download>
                {t("sections.receipt")}
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
        <h2 id="timeline-title">{t("timeline.title")}</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((t) => (
            <li key={t.seq}>
              <strong>{t.label}</strong> → <span className="hint">{t.statusName}</span>
              <br />
              <time dateTime={String(t.at)}>{formatDateTime(t.at)}</time> — <span className="who">{t.actor}</span>
              {t.actorId !== null && model.actorPlaces[t.actorId] ? <span className="who">, {model.actorPlaces[t.actorId]}</span> : null}
              {t.note ? <div>{translate("timeline.note")}: {t.note}</div> : null}
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
