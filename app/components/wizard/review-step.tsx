/**
 * The review page: what will be submitted, as the server read it from the draft, with a link back to
 * change each part; then how the result comes, then "Nộp hồ sơ".
 */
import { Form, Link, useNavigation } from "@remix-run/react";
import { formatAllowance, formatDateTime, formatMoney, RESULT_DELIVERY_NAMES } from "../../labels";
import { FieldError } from "../e-form-fields";
import { PostalAddressFields } from "./form-step";
import { WizardErrorSummary } from "./wizard-error-summary";
import { WizardSteps } from "./wizard-steps";

type Review = {
  applicant: { name: string; idNumber: string; phone: string; email: string; address: string };
  answers: Array<{ label: string; value: string; editAnchor: string }>;
  agency: { name: string; address: string | null } | null;
  files: Array<{ documentName: string; fileName: string; size: number }>;
  submissionChannel: "online" | "post";
  pickupAddress: string | null;
  fee: number;
  payAtSubmission: boolean;
  allowance: { amount: number; unit: "workingDay" | "workingHour" | "calendarDay" };
  expectedAt: string;
  deliveryChoices: Array<0 | 1 | 2>;
};

const REVIEW_FIELDS = ["resultDelivery", "deliveryAddress", "deliveryDistrict"];

export function ReviewStep(props: {
  procedure: { code: string; name: string };
  draft: { id: string; version: number; idempotencyKey: string };
  review: Review;
  values: Record<string, string>;
  errors: Record<string, string>;
  formError?: string;
}) {
  const { procedure, draft, review, values, errors } = props;
  const busy = useNavigation().state === "submitting";
  const edit = (anchor: string) => `/thu-tuc/${encodeURIComponent(procedure.code)}/nop-truc-tuyen?nhap=${draft.id}#${anchor}`;
  const hrefFor = (name: string) => (REVIEW_FIELDS.includes(name) ? `#${name}` : edit(name));
  const chosen = values.resultDelivery || String(review.deliveryChoices[0]);
  const value = (name: string) => values[name] ?? "";
  const row = (label: string, shown: string, anchor: string) => (
    <div key={anchor + label} style={{ display: "contents" }}>
      <dt>{label}</dt>
      <dd>
        {shown || <span className="hint">(để trống)</span>}{" "}
        <Link to={edit(anchor)} aria-label={`Sửa: ${label}`}>
          Sửa
        </Link>
      </dd>
    </div>
  );
  return (
    <>
      <p>
        <Link to={`/thu-tuc/${procedure.code}/nop-truc-tuyen?nhap=${draft.id}`}>← Quay lại sửa tờ khai</Link>
      </p>
      <h1>Xem lại hồ sơ trước khi nộp</h1>
      <p className="lead">{procedure.name}</p>
      <WizardSteps current={2} />
      {Object.keys(errors).length > 0 || props.formError ? (
        <WizardErrorSummary title="Có lỗi cần sửa" description={props.formError} errors={errors} order={REVIEW_FIELDS} hrefFor={hrefFor} />
      ) : null}

      <h2>Người nộp hồ sơ</h2>
      <dl className="review-list">
        {row("Họ và tên", review.applicant.name, "applicantName")}
        {row("Số định danh cá nhân (CCCD)", review.applicant.idNumber, "applicantIdNumber")}
        {row("Số điện thoại", review.applicant.phone, "applicantPhone")}
        {row("Thư điện tử", review.applicant.email, "applicantEmail")}
        {row("Địa chỉ liên hệ", review.applicant.address, "applicantAddress")}
      </dl>

      {review.answers.length > 0 ? (
        <>
          <h2>Nội dung đề nghị</h2>
          <dl className="review-list">{review.answers.map((a) => row(a.label, a.value, a.editAnchor))}</dl>
        </>
      ) : null}

      <h2>Giấy tờ đính kèm</h2>
      {review.files.length > 0 ? (
        <ul data-testid="review-files">
          {review.files.map((f) => (
            <li key={f.documentName}>
              {f.documentName}: {f.fileName} ({Math.ceil(f.size / 1024)} KB)
            </li>
          ))}
        </ul>
      ) : (
        <p>Chưa đính kèm tệp nào.</p>
      )}
      <p>
        <Link to={edit("doc-0")}>Thay đổi giấy tờ đính kèm</Link>
      </p>

      <h2>Tiếp nhận và giải quyết</h2>
      <dl className="review-list">
        <dt>Cơ quan tiếp nhận</dt>
        <dd data-testid="review-agency">
          {review.agency ? review.agency.name : "Chưa chọn"}
          {review.agency?.address ? ` — ${review.agency.address}` : null}
        </dd>
        <dt>Cách nộp hồ sơ giấy</dt>
        <dd>{review.submissionChannel === "post" ? `Qua bưu chính, thu gom tại: ${review.pickupAddress}` : "Chỉ nộp trực tuyến"}</dd>
        <dt>Phí, lệ phí</dt>
        <dd data-testid="review-fee">
          {formatMoney(review.fee)}
          {review.payAtSubmission ? " — thanh toán trực tuyến ngay sau khi nộp hồ sơ" : null}
        </dd>
        <dt>Thời hạn giải quyết</dt>
        <dd>
          {formatAllowance(review.allowance)}; nếu nộp bây giờ, dự kiến có kết quả vào{" "}
          <strong data-testid="review-expected">{formatDateTime(review.expectedAt)}</strong> (tính theo ngày làm việc).
        </dd>
      </dl>

      <Form method="post" noValidate>
        <input type="hidden" name="draftVersion" value={draft.version} />
        <input type="hidden" name="idempotencyKey" value={draft.idempotencyKey} />
        <fieldset id="resultDelivery" tabIndex={-1} aria-describedby={errors.resultDelivery ? "resultDelivery-error" : undefined}>
          <legend>Hình thức nhận kết quả</legend>
          {review.deliveryChoices.map((code) => (
            <label key={code} style={{ fontWeight: 400 }}>
              <input type="radio" name="resultDelivery" value={code} defaultChecked={chosen === String(code)} /> {RESULT_DELIVERY_NAMES[code]}
            </label>
          ))}
          <FieldError id="resultDelivery" message={errors.resultDelivery} />
          <PostalAddressFields prefix="delivery" title="Địa chỉ nhận kết quả (khi nhận qua bưu chính)" value={value} errors={errors} />
        </fieldset>
        <p>Khi bấm "Nộp hồ sơ", bạn cam đoan các thông tin trên là đúng sự thật. Hồ sơ được gửi đến cơ quan tiếp nhận và bạn nhận thư xác nhận.</p>
        <div className="wizard-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Đang nộp…" : "Nộp hồ sơ"}
          </button>
          <Link to={`/thu-tuc/${procedure.code}/nop-truc-tuyen?nhap=${draft.id}`}>Quay lại sửa</Link>
        </div>
      </Form>
    </>
  );
}
