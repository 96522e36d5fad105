import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { QueueFilters, QueueList, QueuePagination, QueueTabs } from "../components/queues/queue-view";
import { requirePermission } from "../services/permissions.server";
import { queuePageModel } from "../services/queues.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.queue.label} — Hồ sơ cần xử lý — Một Cửa Thái Bình` : "Hồ sơ cần xử lý — Một Cửa Thái Bình" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.services, request, "read:inbox:agency");
  return json(await queuePageModel(context.services, user, new URL(request.url).searchParams));
}

export default function Queues() {
  const model = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Hồ sơ cần xử lý</h1>
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
      {model.canSeeRegister ? (
        <p>
          <a href="/can-bo/so-theo-doi" download>
            Tải Sổ theo dõi hồ sơ tháng này (Mẫu 07)
          </a>
        </p>
      ) : null}
    </>
  );
}
