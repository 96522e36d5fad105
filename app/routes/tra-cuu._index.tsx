import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { lookupDossier } from "../services/public-lookup.server";
import { formatDateTime } from "../labels";

export const meta: MetaFunction = () => [{ title: "Tra cứu hồ sơ — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const code = params.get("ma") ?? "";
  const secret = params.get("xac-minh") ?? "";
  if (!code && !secret) return json({ code, found: null, error: null });
  if (!code || !secret) {
    return json({ code, found: null, error: "Vui lòng nhập mã hồ sơ và số CCCD hoặc số điện thoại của người nộp." }, { status: 400 });
  }
  const found = await lookupDossier(context.services, code, secret);
  if (!found) {
    return json({ code, found: null, error: "Không tìm thấy hồ sơ khớp với mã và thông tin xác minh đã nhập." }, { status: 404 });
  }
  return json({ code, found, error: null });
}

export default function Lookup() {
  const { code, found, error } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Tra cứu hồ sơ</h1>
      <p className="lead">Nhập mã hồ sơ trên Giấy tiếp nhận và số CCCD hoặc số điện thoại của người nộp.</p>
      <Form method="get" className="card">
        <label htmlFor="ma">Mã hồ sơ</label>
        <input id="ma" name="ma" defaultValue={code} placeholder="000.00.15.H54-261123-0001" />
        <label htmlFor="xac-minh">Số CCCD hoặc số điện thoại người nộp</label>
        <input id="xac-minh" name="xac-minh" inputMode="numeric" autoComplete="off" />
        <p>
          <button type="submit" className="primary">
            Tra cứu
          </button>
        </p>
      </Form>
      {error ? (
        <p className="error-box" role="alert">
          {error}
        </p>
      ) : null}
      {found ? (
        <section className="card" aria-labelledby="found-title">
          <h2 id="found-title">Hồ sơ {found.code}</h2>
          <p>
            <span className={`status status-${found.status}`}>{found.statusName}</span>
          </p>
          <dl className="facts">
            <dt>Thủ tục</dt>
            <dd>{found.procedureName}</dd>
            <dt>Cơ quan giải quyết</dt>
            <dd>{found.agencyName}</dd>
            <dt>Ngày nộp</dt>
            <dd>{formatDateTime(found.submittedAt)}</dd>
            <dt>Hẹn trả kết quả</dt>
            <dd>{formatDateTime(found.dueAt)}</dd>
          </dl>
          <h3>Quá trình xử lý</h3>
          <ol className="timeline">
            {found.timeline.map((t) => (
              <li key={t.seq}>
                <strong>{t.label}</strong> → <span className="hint">{t.statusName}</span>
                <br />
                <time dateTime={t.at}>{formatDateTime(t.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
