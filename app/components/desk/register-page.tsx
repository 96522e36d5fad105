/** The register page (Mẫu 07): the filter, the selection, and its downloads. */
import { Form, Link } from "@remix-run/react";
import { CHANNEL_NAMES } from "../../desk-labels";
import { formatDateTime } from "../../labels";

type Model = {
  query: { tu: string; den: string; "thu-tuc": string; "trang-thai": string; kenh: string };
  errors: Record<string, string>;
  choices: { procedures: Array<{ code: string; name: string }>; statuses: Array<{ code: string; name: string }>; channels: Array<{ code: string; name: string }> };
  lines: Array<{
    dossierCode: string;
    procedure: string;
    applicant: string;
    channel: number;
    statusName: string;
    receivedAt: string;
    appointmentAt?: string;
    returnedAt?: string;
  }>;
  total: number;
  search: string | null;
};

export function RegisterPage({ model }: { model: Model }) {
  const { query, errors, choices, lines, total } = model;
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {});
  const error = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ""));
  const download = (kind: string) => `/can-bo/so-theo-doi/tai?${params.toString()}&dang=${kind}`;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      <p>
        <Link to="/can-bo">← Hồ sơ cần xử lý</Link>
      </p>
      <h1>Sổ theo dõi hồ sơ (Mẫu 07)</h1>
      <section className="card" aria-labelledby="filter-title">
        <h2 id="filter-title">Chọn hồ sơ</h2>
        {hasErrors ? (
          <div className="error-box" role="alert">
            {Object.values(errors)[0]}
          </div>
        ) : null}
        <Form method="get" className="filter-form">
          <div>
            <label htmlFor="tu">Từ ngày</label>
            <input id="tu" name="tu" type="date" defaultValue={query.tu} {...invalid("tu")} />
            {error("tu")}
          </div>
          <div>
            <label htmlFor="den">Đến ngày</label>
            <input id="den" name="den" type="date" defaultValue={query.den} {...invalid("den")} />
            {error("den")}
          </div>
          <div>
            <label htmlFor="thu-tuc">Thủ tục</label>
            <select id="thu-tuc" name="thu-tuc" defaultValue={query["thu-tuc"]}>
              <option value="">Tất cả</option>
              {choices.procedures.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code} — {p.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="trang-thai">Trạng thái</label>
            <select id="trang-thai" name="trang-thai" defaultValue={query["trang-thai"]} {...invalid("trang-thai")}>
              <option value="">Tất cả</option>
              {choices.statuses.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="kenh">Kênh nộp</label>
            <select id="kenh" name="kenh" defaultValue={query.kenh} {...invalid("kenh")}>
              <option value="">Tất cả</option>
              {choices.channels.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <p>
            <button type="submit" className="secondary">
              Xem
            </button>
          </p>
        </Form>
      </section>

      {!hasErrors ? (
        <section className="card" aria-labelledby="selection-title">
          <h2 id="selection-title">
            <span data-testid="register-total">{total}</span> hồ sơ
          </h2>
          <p className="actions">
            <a className="button" href={download("pdf")} download>
              Tải sổ (PDF có chữ ký số)
            </a>
            <a className="button" href={download("xlsx")} download>
              Tải bảng tính (XLSX)
            </a>
            <a className="button" href={download("csv")} download>
              Tải CSV
            </a>
          </p>
          {lines.length > 0 ? (
            <div className="table-wrap wide-table" tabIndex={0} role="region" aria-label="Hồ sơ trong sổ (cuộn ngang trên màn hình hẹp)">
              <table>
                <caption className="visually-hidden">Hồ sơ trong sổ theo dõi</caption>
                <thead>
                  <tr>
                    <th scope="col">Mã hồ sơ</th>
                    <th scope="col">Thủ tục</th>
                    <th scope="col">Người nộp</th>
                    <th scope="col">Kênh</th>
                    <th scope="col">Nhận hồ sơ</th>
                    <th scope="col">Hẹn trả</th>
                    <th scope="col">Trả kết quả</th>
                    <th scope="col">Trạng thái</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr key={l.dossierCode}>
                      <td>
                        <Link to={`/ho-so/${encodeURIComponent(l.dossierCode)}`}>{l.dossierCode}</Link>
                      </td>
                      <td>{l.procedure}</td>
                      <td>{l.applicant}</td>
                      <td>{CHANNEL_NAMES[l.channel as 1 | 2 | 3]}</td>
                      <td className="nowrap">{formatDateTime(l.receivedAt)}</td>
                      <td className="nowrap">{formatDateTime(l.appointmentAt)}</td>
                      <td className="nowrap">{formatDateTime(l.returnedAt)}</td>
                      <td>{l.statusName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Không có hồ sơ nào trong khoảng thời gian và điều kiện đã chọn.</p>
          )}
          {total > lines.length ? <p className="hint">Trang chỉ hiển thị {lines.length} hồ sơ đầu; tệp tải về có đủ {total} hồ sơ.</p> : null}
        </section>
      ) : null}
    </>
  );
}
