import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { QueueFilters, QueueList, QueuePagination, QueueTabs } from "../components/queues/queue-view";
import { hasPermission, requirePermission } from "../services/permissions.server";
import { queuePageModel } from "../services/queues.server";
import { openFeedbackFor } from "../services/feedback.server";
import { formatDateTime } from "../labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.queue.label} — Hồ sơ cần xử lý — Một Cửa Thái Bình` : "Hồ sơ cần xử lý — Một Cửa Thái Bình" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.services, request, "read:inbox:agency");
  const model = await queuePageModel(context.services, user, new URL(request.url).searchParams);
  return json({
    ...model,
    canTakeWalkIn: hasPermission(user, "intake:dossier:agency"),
    // The leader approves and the unit head initials several dossiers at once on the bulk-signing page.
    canSignInBulk: hasPermission(user, "approve:dossier:agency") || hasPermission(user, "sign-review:dossier:agency"),
    // Citizens' feedback (phản ánh, kiến nghị) the agency has not answered yet (issue 11).
    openFeedback: await openFeedbackFor(context.services, user),
  });
}

export default function Queues() {
  const model = useLoaderData<typeof loader>();
  const { canTakeWalkIn, canSignInBulk } = model;
  return (
    <>
      <h1>Hồ sơ cần xử lý</h1>
      {canTakeWalkIn ? (
        <p>
          <Link className="button" to="/can-bo/tiep-nhan">
            Tiếp nhận hồ sơ trực tiếp
          </Link>
        </p>
      ) : null}
      {canSignInBulk ? (
        <p>
          <Link className="button" to="/can-bo/ky-so">
            Ký số nhiều hồ sơ cùng lúc
          </Link>
        </p>
      ) : null}
      <p className="lead">
        {model.roleName}: {model.total} hồ sơ trong hàng đợi “{model.queue.label}”. Mỗi hàng đợi ghi số hồ sơ đang có.
      </p>
      <QueueTabs tabs={model.tabs} />
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">
          {model.queue.label} <span className="hint">({model.total} hồ sơ{model.filtered ? " khớp bộ lọc" : ""})</span>
        </h2>
        <QueueFilters model={model} />
        <QueueList rows={model.rows} filtered={model.filtered} />
        <QueuePagination pagination={model.pagination} />
      </section>
      {model.openFeedback.total > 0 ? (
        <section className="card" aria-labelledby="open-feedback-title" data-testid="open-feedback">
          <h2 id="open-feedback-title">Phản ánh, kiến nghị chờ trả lời ({model.openFeedback.total})</h2>
          <ul>
            {model.openFeedback.items.map((f) => (
              <li key={f.id}>
                <Link to={`/ho-so/${encodeURIComponent(f.code)}#feedback-title`}>{f.code}</Link>: {f.subject}{" "}
                <span className="hint">— {formatDateTime(f.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {model.canSeeRegister ? (
        <p>
          <Link to="/can-bo/so-theo-doi">Sổ theo dõi hồ sơ (Mẫu 07): xem, lọc, tải PDF, XLSX, CSV</Link>
        </p>
      ) : null}
    </>
  );
}
