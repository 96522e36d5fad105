import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { searchProcedures } from "../services/catalog.server";
import { LEVEL_NAMES } from "../labels";

export async function loader({ context }: LoaderFunctionArgs) {
  const procedures = await searchProcedures(context.services, "");
  return json({ procedures });
}

export default function Home() {
  const { procedures } = useLoaderData<typeof loader>();
  const levels = (["province", "district", "commune"] as const).map((level) => ({
    level,
    items: procedures.filter((p) => p.level === level),
  }));
  return (
    <>
      <section className="hero">
        <h1>Dịch vụ công trực tuyến tỉnh Thái Bình</h1>
        <p className="lead">Tìm thủ tục, nộp hồ sơ trực tuyến, theo dõi tiến độ và nhận kết quả có chữ ký số.</p>
        <Form method="get" action="/thu-tuc" className="search" role="search">
          <label htmlFor="q" className="visually-hidden" style={{ margin: 0 }}>
            Tìm thủ tục
          </label>
          <input id="q" name="q" placeholder="Ví dụ: khai sinh, hộ kinh doanh, lý lịch tư pháp" />
          <button type="submit" className="primary">
            Tìm kiếm
          </button>
        </Form>
      </section>
      <div className="grid">
        {levels.map(({ level, items }) => (
          <section key={level} className="card" aria-labelledby={`level-${level}`}>
            <h2 id={`level-${level}`}>{LEVEL_NAMES[level]}</h2>
            <ul>
              {items.map((p) => (
                <li key={p.code}>
                  <Link to={`/thu-tuc/${p.code}`}>{p.name}</Link>
                  <div className="hint">{p.agencyName}</div>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
