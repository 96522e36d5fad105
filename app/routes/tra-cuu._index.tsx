import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { lookupDossier } from "../services/public-lookup.server";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";
import { formatDateTime } from "../labels";
import { readForm } from "../services/forms.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction = () => [{ title: "Tra cứu hồ sơ — Một Cửa Thái Bình" }];

/** A link may carry the code (?ma=); an old bookmark carrying the ID number is sent to a clean address. */
export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const code = params.get("ma")?.trim().slice(0, 64) ?? "";
  if (params.has("xac-minh")) throw redirect(code ? `/tra-cuu?ma=${encodeURIComponent(code)}` : "/tra-cuu");
  return json({ code });
}

/**
 * A POST: the ID number or phone must not travel in the address, where access logs, proxies and the
 * browser's history keep it. Limited per address, so codes cannot be tried by the thousand.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const code = String(form.get("ma") ?? "").trim();
  const secret = String(form.get("xac-minh") ?? "").trim();
  try {
    await context.services.rateLimits.consume("publicLookup", context.clientIp ?? "unknown");
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    return json({ code, found: null, error: error.message }, { status: 429, headers: rateLimitedHeaders(error) });
  }
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
  const linked = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { code, found, error } = data ?? { code: linked.code, found: null, error: null };
  return (
    <>
      <h1>Tra cứu hồ sơ</h1>
      <p className="lead">Nhập mã hồ sơ trên Giấy tiếp nhận và số CCCD hoặc số điện thoại của người nộp.</p>
      <Form method="post" className="card">
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
