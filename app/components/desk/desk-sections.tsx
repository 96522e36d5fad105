/** The read-only parts of the desk's work on the dossier page: return, post, checklist, Mẫu 06. */
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { formatDateTime } from "../../labels";
import type { DeskPanelModel } from "../../services/desk/dossier-desk.server";

type Desk = SerializeFrom<DeskPanelModel>;

export function DeskSections({ desk, code, resultPrintable }: { desk: Desk; code: string; resultPrintable: boolean }) {
  const path = `/ho-so/${encodeURIComponent(code)}`;
  return (
    <>
      {desk.handover ? (
        <section className="card" aria-labelledby="handover-title" data-testid="handover">
          <h2 id="handover-title">Trả kết quả tại Bộ phận Một cửa</h2>
          <dl className="facts">
            <dt>Người nhận</dt>
            <dd>
              {desk.handover.recipientName}
              {desk.handover.recipientIdNumber ? ` — CCCD ${desk.handover.recipientIdNumber}` : ""}
            </dd>
            <dt>Quan hệ với người nộp</dt>
            <dd>{desk.handover.relation}</dd>
            <dt>Thời gian nhận</dt>
            <dd>{formatDateTime(desk.handover.handedAt)}</dd>
            {desk.handover.officerName ? (
              <>
                <dt>Cán bộ trả kết quả</dt>
                <dd>{desk.handover.officerName}</dd>
              </>
            ) : null}
          </dl>
          {resultPrintable ? (
            <p>
              <Link className="button" to={`${path}/ban-in?giay=ket-qua`}>
                In bản giấy của kết quả
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {desk.postalOrders.length > 0 ? (
        <section className="card" aria-labelledby="postal-title" data-testid="postal-orders">
          <h2 id="postal-title">Bưu chính công ích</h2>
          <ul>
            {desk.postalOrders.map((o) => (
              <li key={o.kind}>
                <strong>{o.kind}:</strong> {o.status}
                {o.waybill ? ` — số vận đơn ${o.waybill}` : ""} <span className="hint">(cập nhật {formatDateTime(o.updatedAt)})</span>
                {o.deliveredAt ? ` — đã phát ${formatDateTime(o.deliveredAt)}${o.recipientName ? ` cho ${o.recipientName}` : ""}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {desk.checklist ? (
        <section className="card" aria-labelledby="checklist-title">
          <h2 id="checklist-title">Kết quả kiểm tra thành phần hồ sơ</h2>
          <div className="table-wrap">
            <table data-testid="checklist-found">
              <thead>
                <tr>
                  <th scope="col">Giấy tờ</th>
                  <th scope="col">Đã nộp</th>
                  <th scope="col">Hình thức, số lượng</th>
                  <th scope="col">Ghi chú</th>
                </tr>
              </thead>
              <tbody>
                {desk.checklist.map((i) => (
                  <tr key={i.name}>
                    <td>{i.name}</td>
                    <td>{i.present ? "Có" : "Chưa"}</td>
                    <td>{i.present ? `${i.form ?? ""} × ${i.count}` : "—"}</td>
                    <td>{i.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {desk.controlSheet ? (
        <section className="card" aria-labelledby="control-sheet-title">
          <h2 id="control-sheet-title">Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)</h2>
          <p>
            <a href={`${path}/phieu-kiem-soat`} download>
              Tải Mẫu 06 (PDF có chữ ký số)
            </a>{" "}
            · Kênh nộp: {desk.channelName}
          </p>
          {desk.controlSheet.length === 0 ? (
            <p>Chưa có lần giao nhận nào.</p>
          ) : (
            <div className="table-wrap wide-table" tabIndex={0} role="region" aria-label="Các lần giao, nhận hồ sơ (cuộn ngang trên màn hình hẹp)">
              <table data-testid="control-sheet">
                <caption className="visually-hidden">Các lần giao, nhận hồ sơ</caption>
                <thead>
                  <tr>
                    <th scope="col">TT</th>
                    <th scope="col">Bên giao</th>
                    <th scope="col">Bên nhận</th>
                    <th scope="col">Thời gian giao, nhận</th>
                    <th scope="col">Hạn xử lý</th>
                    <th scope="col">Thời gian ở bước</th>
                    <th scope="col">Kết quả</th>
                    <th scope="col">Ghi chú</th>
                  </tr>
                </thead>
                <tbody>
                  {desk.controlSheet.map((h, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td>{h.from}</td>
                      <td>{h.to}</td>
                      <td className="nowrap">{formatDateTime(h.at)}</td>
                      <td className="nowrap">{h.dueAt ? formatDateTime(h.dueAt) : "—"}</td>
                      <td className="nowrap">{h.timeInStep}</td>
                      <td>{h.outcome ?? (h.dueAt ? "Đang xử lý" : "—")}</td>
                      <td>{h.note ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
