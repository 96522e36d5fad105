import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { searchProcedures } from "../services/catalog.server";
import { formatMoney, LEVEL_NAMES, SERVICE_MODE_NAMES } from "../labels";

export const meta: MetaFunction = () => [{ title: "Thủ tục hành chính — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  return json({ q, procedures: await searchProcedures(context.services, q) });
}

export default function Catalog() {
  const { q, procedures } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Thủ tục hành chính</h1>
      <Form method="get" className="search" role="search">
        <label htmlFor="q" style={{ margin: 0 }}>
          Tìm theo tên, mã hoặc lĩnh vực
        </label>
        <input id="q" name="q" defaultValue={q} placeholder="Gõ có dấu hoặc không dấu" />
        <button type="submit" className="primary">
          Tìm kiếm
        </button>
      </Form>
      <p aria-live="polite">
        {q ? `Tìm thấy ${procedures.length} thủ tục cho "${q}".` : `${procedures.length} thủ tục.`}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Tên thủ tục</th>
              <th scope="col">Lĩnh vực</th>
              <th scope="col">Cấp thực hiện</th>
              <th scope="col">Mức độ</th>
              <th scope="col">Lệ phí</th>
            </tr>
          </thead>
          <tbody>
            {procedures.map((p) => (
              <tr key={p.code}>
                <td>{p.code}</td>
                <td>
                  <Link to={`/thu-tuc/${p.code}`}>{p.name}</Link>
                  <div className="hint">{p.agencyName}</div>
                </td>
                <td>{p.field}</td>
                <td>{LEVEL_NAMES[p.level]}</td>
                <td>{SERVICE_MODE_NAMES[p.serviceMode]}</td>
                <td>{formatMoney(p.feeAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
