/** The walk-in intake page: find the citizen, choose the procedure, then the dossier itself. */
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ChecklistRow } from "../../desk-labels";
import { RESULT_DELIVERY_NAMES } from "../../labels";
import type { IntakeActionAnswer, intakePageModel } from "../../services/desk/intake-page.server";
import { EFormFields, FieldError, invalidProps } from "../e-form-fields";
import { ChecklistFields } from "./checklist-fields";

type Model = SerializeFrom<Awaited<ReturnType<typeof intakePageModel>>>;
type Reply = SerializeFrom<IntakeActionAnswer> | undefined;

function queryString(parts: Record<string, string | number | null | undefined>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(parts)) if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function IntakePage({ model, reply }: { model: Model; reply: Reply }) {
  const { query, procedures, matches, citizen, procedure } = model;
  const failed = reply && !reply.ok ? reply : null;
  return (
    <>
      <p>
        <Link to="/can-bo">← Hồ sơ cần xử lý</Link>
      </p>
      <h1>Tiếp nhận hồ sơ trực tiếp</h1>
      <p className="lead">Hồ sơ giấy nộp tại Bộ phận Một cửa: kiểm tra thành phần, quét giấy tờ, tiếp nhận và in Giấy tiếp nhận (Mẫu 01).</p>

      <section className="card" aria-labelledby="who-title">
        <h2 id="who-title">1. Người nộp hồ sơ</h2>
        {citizen ? (
          <p data-testid="chosen-citizen">
            Tài khoản công dân: <strong>{citizen.fullName}</strong> — CCCD {citizen.idNumber ?? "—"} — {citizen.phone ?? "—"}.{" "}
            <Link to={queryString({ "thu-tuc": query.procedureCode })}>Bỏ chọn</Link>
          </p>
        ) : (
          <p className="hint">Tìm tài khoản của công dân; người chưa có tài khoản thì nhập thông tin ở bước 3.</p>
        )}
        <Form method="get" className="search" role="search" aria-label="Tìm tài khoản công dân">
          <input type="hidden" name="thu-tuc" value={query.procedureCode} />
          <label htmlFor="citizen-search" className="visually-hidden">
            Số CCCD, số điện thoại hoặc họ tên
          </label>
          <input id="citizen-search" name="q" defaultValue={query.q} placeholder="Số CCCD, số điện thoại hoặc họ tên" />
          <button type="submit" className="secondary">
            Tìm công dân
          </button>
        </Form>
        {matches ? (
          matches.length === 0 ? (
            <p>Không tìm thấy tài khoản nào. Nhập thông tin người nộp ở bước 3.</p>
          ) : (
            <ul className="match-list" aria-label="Tài khoản tìm thấy">
              {matches.map((m) => (
                <li key={m.id}>
                  <strong>{m.fullName}</strong> — CCCD {m.idNumber ?? "—"} — {m.phone ?? "—"}{" "}
                  <Link to={queryString({ "cong-dan": m.id, "thu-tuc": query.procedureCode })} aria-label={`Chọn ${m.fullName}`}>
                    Chọn
                  </Link>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>

      <section className="card" aria-labelledby="procedure-title">
        <h2 id="procedure-title">2. Thủ tục hành chính</h2>
        <Form method="get">
          {query.citizenId ? <input type="hidden" name="cong-dan" value={query.citizenId} /> : null}
          <label htmlFor="procedure-choice">Thủ tục của cơ quan</label>
          <select id="procedure-choice" name="thu-tuc" defaultValue={query.procedureCode}>
            <option value="">— Chọn thủ tục —</option>
            {procedures.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} — {p.name}
              </option>
            ))}
          </select>
          <p>
            <button type="submit" className="secondary">
              Chọn thủ tục
            </button>
          </p>
        </Form>
      </section>

      {procedure ? <DossierForm model={model} procedure={procedure} failed={failed} /> : null}
    </>
  );
}

function DossierForm({ model, procedure, failed }: { model: Model; procedure: NonNullable<Model["procedure"]>; failed: Extract<Reply, { ok: false }> | null }) {
  const { citizen, query } = model;
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = failed?.errors ?? {};
  const typed: Record<string, string> | null = failed && Object.keys(failed.values).length > 0 ? failed.values : null;
  const value = (name: string, fallback = "") => typed?.[name] ?? fallback;
  const invalid = (name: string) => invalidProps(errors, name);
  const rows: ChecklistRow[] = typed
    ? procedure.checklist.map((row) => ({
        ...row,
        present: typed[`checklist-${row.index}-present`] === "yes",
        form: (typed[`checklist-${row.index}-form`] || null) as ChecklistRow["form"],
        count: Number(typed[`checklist-${row.index}-count`]) || 1,
        note: typed[`checklist-${row.index}-note`] ?? "",
      }))
    : procedure.checklist;
  const text = (name: string, label: string, fallback: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, required = true) => (
    <>
      <label htmlFor={name} className={required ? "required" : undefined}>
        {label}
      </label>
      <input id={name} name={name} defaultValue={value(name, fallback)} {...invalid(name)} {...props} />
      <FieldError id={name} message={errors[name]} />
    </>
  );
  const delivery = value("resultDelivery", "0");
  return (
    <section className="card" aria-labelledby="dossier-title">
      <h2 id="dossier-title">3. Hồ sơ: {procedure.name}</h2>
      {failed ? (
        <div className="error-box" role="alert">
          {failed.formError}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate action={`/can-bo/tiep-nhan${queryString({ "thu-tuc": procedure.code, "cong-dan": query.citizenId })}`}>
        <input type="hidden" name="idempotencyKey" value={value("idempotencyKey", model.idempotencyKey)} />
        <input type="hidden" name="applicantUserId" value={value("applicantUserId", citizen ? String(citizen.id) : "")} />
        <FieldError id="applicantUserId" message={errors.applicantUserId} />
        <fieldset>
          <legend>Thông tin người nộp hồ sơ</legend>
          {text("applicantName", "Họ và tên", citizen?.fullName ?? "", { autoComplete: "off" })}
          {text("applicantIdNumber", "Số định danh cá nhân (CCCD)", citizen?.idNumber ?? "", { inputMode: "numeric" })}
          {text("applicantPhone", "Số điện thoại", citizen?.phone ?? "", { type: "tel" })}
          {text("applicantEmail", "Thư điện tử", citizen?.email ?? "", { type: "email" }, false)}
          {text("applicantAddress", "Địa chỉ liên hệ", citizen?.address ?? "")}
        </fieldset>

        <EFormFields legend="Nội dung đề nghị (tờ khai)" fields={procedure.formFields} values={typed ?? undefined} errors={errors} />

        <h3>Kiểm tra thành phần hồ sơ</h3>
        <p className="hint">Đánh dấu giấy tờ đã nộp, ghi hình thức và số lượng, quét và đính kèm từng giấy tờ; giấy tờ còn thiếu ghi rõ lý do.</p>
        <ChecklistFields rows={rows} errors={errors} scans={{ kept: failed?.pending ?? [] }} />

        <fieldset>
          <legend>Hình thức nhận kết quả</legend>
          {(["0", "1", "2"] as const).map((code) => (
            <label key={code} style={{ fontWeight: 400 }}>
              <input type="radio" name="resultDelivery" value={code} defaultChecked={delivery === code} /> {RESULT_DELIVERY_NAMES[Number(code) as 0 | 1 | 2]}
            </label>
          ))}
          <FieldError id="resultDelivery" message={errors.resultDelivery} />
          <p className="hint">Khi nhận qua bưu chính: địa chỉ nhận kết quả</p>
          {text("deliveryAddress", "Số nhà, thôn/xóm, xã/phường", "", {}, false)}
          <label htmlFor="deliveryDistrict">Huyện/thành phố (tỉnh Thái Bình)</label>
          <select id="deliveryDistrict" name="deliveryDistrict" defaultValue={value("deliveryDistrict")} {...invalid("deliveryDistrict")}>
            <option value="">— Chọn —</option>
            {model.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
          <FieldError id="deliveryDistrict" message={errors.deliveryDistrict} />
        </fieldset>

        <label htmlFor="intake-note">Ghi chú của cán bộ tiếp nhận</label>
        <textarea id="intake-note" name="note" defaultValue={value("note")} {...invalid("note")} />
        <FieldError id="note" message={errors.note} />

        <p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Đang tiếp nhận…" : "Tiếp nhận hồ sơ và in Giấy tiếp nhận"}
          </button>
        </p>
      </Form>
    </section>
  );
}
