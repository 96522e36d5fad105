import { Link } from "@remix-run/react";
import { isLateNow } from "../../workflows/dossier-status";
import { formatDateTime } from "../labels";

type Row = {
  code: string;
  procedureName: string;
  applicantName: string;
  status: number;
  statusName: string;
  submittedAt: string;
  dueAt: string | null;
  stepDueAt: string | null;
};

export function DossierTable({ rows, showApplicant }: { rows: Row[]; showApplicant: boolean }) {
  const now = Date.now();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Mã hồ sơ</th>
            <th scope="col">Thủ tục</th>
            {showApplicant ? <th scope="col">Người nộp</th> : null}
            <th scope="col">Ngày nộp</th>
            <th scope="col">Hạn giải quyết</th>
            <th scope="col">Trạng thái</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const late = isLateNow(r.status, r.dueAt, now);
            return (
              <tr key={r.code}>
                <td>
                  <Link to={`/ho-so/${r.code}`}>{r.code}</Link>
                </td>
                <td>{r.procedureName}</td>
                {showApplicant ? <td>{r.applicantName}</td> : null}
                <td>{formatDateTime(r.submittedAt)}</td>
                <td className={late ? "late" : undefined}>
                  {formatDateTime(r.dueAt)}
                  {late ? " (quá hạn)" : ""}
                </td>
                <td>
                  <span className={`status status-${r.status}`}>{r.statusName}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
