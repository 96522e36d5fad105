import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../services/permissions.server";
import { listFailedJobs, retryFailedJob } from "../services/failed-jobs.server";
import { failedOutboxCount } from "../services/outbox-admin.server";
import { formatDateTime, OUTBOX_CHANNEL_NAMES } from "../labels";
import { readForm } from "../services/forms.server";

export const meta: MetaFunction = () => [{ title: "Tác vụ lỗi — Quản trị" }];

const QUEUE_NAMES: Record<string, string> = {
  "dossier-notify": "Gửi thư cho công dân",
  "dossier-notify-officers": "Nhắc việc cán bộ",
  "dossier-issue-document": "Lập biểu mẫu (Mẫu 01–05)",
  "dossier-sign-result": "Ký số kết quả",
  "dossier-supplement-deadline": "Hạn bổ sung hồ sơ",
  "dossier-deadline-scan": "Quét hạn xử lý",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "read:failed-jobs:all");
  return json({ jobs: await listFailedJobs(context.services), failedMessages: await failedOutboxCount(context.services) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "read:failed-jobs:all");
  const form = await readForm(request);
  const queue = String(form.get("queue") ?? "");
  const id = String(form.get("id") ?? "");
  if (!(queue in QUEUE_NAMES) || !/^[0-9a-f-]{36}$/.test(id)) return json({ message: "Tác vụ không hợp lệ." }, { status: 400 });
  await retryFailedJob(context.services, queue, id, admin.id);
  return json({ message: "Đã đưa tác vụ vào hàng đợi để chạy lại." });
}

export default function FailedJobs() {
  const { jobs, failedMessages } = useLoaderData<typeof loader>();
  const failedChannels = (Object.keys(failedMessages) as Array<keyof typeof failedMessages>).filter((c) => failedMessages[c] > 0);
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Tác vụ lỗi</h1>
      <p className="lead">Các tác vụ nền đã thử lại hết số lần cho phép mà vẫn lỗi. Khắc phục nguyên nhân rồi chạy lại.</p>
      {data?.message ? (
        <p className="notice" role="status">
          {data.message}
        </p>
      ) : null}
      {failedChannels.length > 0 ? (
        <div className="error-box">
          <h2>Tin gửi đối tác bị lỗi</h2>
          <ul>
            {failedChannels.map((c) => (
              <li key={c}>
                <Link to={`/quan-tri/dong-bo?kenh=${c}&trang-thai=failed`}>
                  {OUTBOX_CHANNEL_NAMES[c]}: {failedMessages[c]} tin lỗi
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {jobs.length === 0 ? (
        <p>Không có tác vụ lỗi.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tác vụ</th>
                <th scope="col">Hồ sơ</th>
                <th scope="col">Lỗi</th>
                <th scope="col">Thời điểm</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>{QUEUE_NAMES[j.queue] ?? j.queue}</td>
                  <td>{j.dossierId ?? "—"}</td>
                  <td className="hint">{j.error}</td>
                  <td>{formatDateTime(j.failedAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="queue" value={j.queue} />
                      <input type="hidden" name="id" value={j.id} />
                      <button type="submit" className="secondary">
                        Chạy lại
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
