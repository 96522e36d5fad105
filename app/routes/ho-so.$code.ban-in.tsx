import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageCountOf, PRINTABLES, requirePrintable } from "../services/desk/print-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — ${data.code}` : "Bản in" }];

/**
 * A print view of a signed document of the dossier (`?giay=bien-nhan` the receipt, `?giay=ket-qua`
 * the result): its pages as images to print on the spot (from /ho-so/{code}/tep-in).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { detail, what, file, pdf } = await requirePrintable(context.services, request, params.code ?? "");
  const url = new URL(request.url);
  return json({
    code: detail.dossier.code,
    what,
    title: PRINTABLES[what],
    fileName: file.fileName,
    pageCount: await pageCountOf(pdf),
    justReceived: url.searchParams.get("moi") === "1",
  });
}

export default function PrintView() {
  const { code, what, title, pageCount, justReceived, fileName } = useLoaderData<typeof loader>();
  const base = `/ho-so/${encodeURIComponent(code)}/tep-in?giay=${what}`;
  return (
    <>
      <div className="no-print">
        <p>
          <Link to={`/ho-so/${encodeURIComponent(code)}`}>← Hồ sơ {code}</Link>
          {justReceived ? (
            <>
              {" "}
              · <Link to="/can-bo/tiep-nhan">Tiếp nhận hồ sơ khác</Link>
            </>
          ) : null}
        </p>
        {justReceived ? (
          <div className="notice" role="status">
            Đã tiếp nhận hồ sơ <strong data-testid="received-code">{code}</strong>. In Giấy tiếp nhận và hẹn trả kết quả để giao cho người nộp.
          </div>
        ) : null}
        <h1>{title}</h1>
        <p className="actions">
          <button type="button" className="primary" onClick={() => window.print()}>
            In văn bản
          </button>
          <a className="button" href={`${base}&pdf=1`} target="_blank" rel="noreferrer">
            Mở bản PDF có chữ ký số
          </a>
          <a href={`${base}&pdf=1`} download={fileName}>
            Tải tệp PDF
          </a>
        </p>
      </div>
      <div className="print-pages">
        {Array.from({ length: pageCount }, (_, i) => (
          <img key={i} src={`${base}&trang=${i + 1}`} alt={`Trang ${i + 1}/${pageCount}: ${title}, hồ sơ ${code}`} />
        ))}
      </div>
    </>
  );
}
