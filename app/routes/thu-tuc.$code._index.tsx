import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { currentUser } from "../services/auth.server";
import { loadProcedure } from "../services/catalog.server";
import { hasPermission } from "../services/permissions.server";
import { formatAllowance, formatMoney, LEVEL_NAMES, SERVICE_MODE_NAMES } from "../labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.procedure.name} — Một Cửa Thái Bình` : "Thủ tục hành chính" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const row = await loadProcedure(context.services, params.code ?? "");
  if (!row) throw new Response("Không tìm thấy thủ tục hành chính này.", { status: 404 });
  const user = await currentUser(context.services.database.db, request);
  // Online submission is the citizen's; the desk of the procedure's agency takes the paper dossier.
  const entry = !user || hasPermission(user, "submit:dossier:own") ? "online" : hasPermission(user, "intake:dossier:agency") && user.agencyId === row.procedure.agencyId ? "desk" : null;
  return json({ ...row, entry });
}

export default function ProcedurePage() {
  const { procedure, agency, entry } = useLoaderData<typeof loader>();
  const online = procedure.serviceMode !== "info";
  return (
    <>
      <p>
        <Link to="/thu-tuc">← Danh sách thủ tục</Link>
      </p>
      <h1>{procedure.name}</h1>
      <div className="card">
        <dl className="facts">
          <dt>Mã thủ tục</dt>
          <dd>{procedure.code}</dd>
          <dt>Lĩnh vực</dt>
          <dd>{procedure.field}</dd>
          <dt>Cơ quan thực hiện</dt>
          <dd>
            {agency.name} ({LEVEL_NAMES[procedure.level]})
          </dd>
          <dt>Mức độ dịch vụ</dt>
          <dd>{SERVICE_MODE_NAMES[procedure.serviceMode]}</dd>
          <dt>Thời hạn giải quyết</dt>
          <dd>
            {formatAllowance(procedure.allowance)}
            {procedure.timeNote ? <div className="hint">{procedure.timeNote}</div> : null}
          </dd>
          <dt>Phí, lệ phí</dt>
          <dd>
            {formatMoney(procedure.feeAmount)}
            {procedure.feeNote ? <div className="hint">{procedure.feeNote}</div> : null}
          </dd>
          <dt>Kết quả</dt>
          <dd>{procedure.resultName}</dd>
          <dt>Căn cứ pháp lý</dt>
          <dd>{procedure.legalBasis}</dd>
        </dl>
      </div>
      <h2>Thành phần hồ sơ</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên giấy tờ</th>
              <th scope="col">Bản chính</th>
              <th scope="col">Bản sao</th>
              <th scope="col">Bắt buộc</th>
              <th scope="col">Mẫu đơn, tờ khai</th>
            </tr>
          </thead>
          <tbody>
            {procedure.documents.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td>{d.originals}</td>
                <td>{d.copies}</td>
                <td>{d.required ? "Có" : "Không"}</td>
                <td>
                  {d.template ? (
                    <a href={`/thu-tuc/${procedure.code}/mau/${d.template.sha256}`} download>
                      Tải mẫu<span className="visually-hidden"> {d.name}</span>
                    </a>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entry === "desk" ? (
        <p style={{ marginTop: "1.5rem" }}>
          <Link className="button" to={`/can-bo/tiep-nhan?thu-tuc=${encodeURIComponent(procedure.code)}`}>
            Tiếp nhận hồ sơ trực tiếp
          </Link>
        </p>
      ) : null}
      {online && entry === "online" ? (
        <p style={{ marginTop: "1.5rem" }}>
          <Link className="button" to={`/thu-tuc/${procedure.code}/nop-truc-tuyen`}>
            Nộp hồ sơ trực tuyến
          </Link>
        </p>
      ) : null}
    </>
  );
}
