import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../services/permissions.server";
import { calendarCoverage, deleteCalendarDay, listCalendarDays, saveCalendarDay } from "../services/calendar-admin.server";
import { readForm } from "../services/forms.server";

export const meta: MetaFunction = () => [{ title: "Ngày nghỉ lễ, ngày làm bù — Quản trị" }];

function yearOf(request: Request): number {
  const value = Number(new URL(request.url).searchParams.get("nam"));
  return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : new Date().getFullYear();
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:calendar:all");
  const year = yearOf(request);
  return json({ year, days: await listCalendarDays(context.services, year), coverage: await calendarCoverage(context.services) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:calendar:all");
  const form = await readForm(request);
  const values = {
    date: String(form.get("date") ?? ""),
    name: String(form.get("name") ?? ""),
    kind: String(form.get("kind") ?? ""),
    note: String(form.get("note") ?? ""),
  };
  if (form.get("intent") === "delete") {
    const removed = await deleteCalendarDay(context.services, values.date, admin.id);
    return json(removed ? { done: `Đã xoá ngày ${values.date}.`, errors: null, values: null } : { done: null, errors: { date: "Không có ngày này trong danh sách." }, values: null }, {
      status: removed ? 200 : 404,
    });
  }
  const result = await saveCalendarDay(context.services, values as Parameters<typeof saveCalendarDay>[1], admin.id);
  if (!result.ok) return json({ done: null, errors: result.errors, values }, { status: 400 });
  return json({ done: `Đã lưu ngày ${values.date}.`, errors: null, values: null });
}

const KIND_NAMES = { holiday: "Ngày nghỉ", makeUpWorkingDay: "Ngày làm bù" } as const;

export default function CalendarAdmin() {
  const { year, days, coverage } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = data?.errors ?? {};
  const values = data?.values ?? null;
  return (
    <>
      <h1>Ngày nghỉ lễ, ngày làm bù năm {year}</h1>
      <p className="lead">
        Thời hạn giải quyết hồ sơ được tính theo ngày làm việc: ngày nghỉ lễ không tính, ngày làm bù (kể cả thứ Bảy) được tính theo giờ
        hành chính của thứ Hai.
      </p>
      {coverage.ok ? null : (
        <section className="warning-box" aria-labelledby="lich-chua-du">
          <h2 id="lich-chua-du">Lịch ngày nghỉ chưa đủ cho 12 tháng tới</h2>
          <p>{coverage.message}</p>
          <p>
            Nhập ngày nghỉ theo thông báo của Bộ Nội vụ cho:{" "}
            {coverage.missingYears.map((missing, i) => (
              <span key={missing}>
                {i > 0 ? ", " : null}
                <Link to={`?nam=${missing}`}>năm {missing}</Link>
              </span>
            ))}
            .
          </p>
        </section>
      )}
      <p>
        <Link to={`?nam=${year - 1}`}>← Năm {year - 1}</Link> · <Link to={`?nam=${year + 1}`}>Năm {year + 1} →</Link>
      </p>
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <div className="error-box" role="alert">
          {Object.values(errors).join(" ")}
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Tên</th>
              <th scope="col">Loại</th>
              <th scope="col">Ghi chú</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td className="nowrap">{d.date}</td>
                <td>{d.name}</td>
                <td>{KIND_NAMES[d.kind]}</td>
                <td className="hint">{d.note}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="date" value={d.date} />
                    <button type="submit" className="danger" aria-label={`Xoá ngày ${d.date}`}>
                      Xoá
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* A new key after each save empties the form for the next entry. */}
      <Form method="post" className="card" style={{ marginTop: "1rem" }} key={data?.done ?? "form"}>
        <h2>Thêm hoặc sửa một ngày</h2>
        <input type="hidden" name="intent" value="save" />
        <label htmlFor="date">Ngày (NNNN-TT-NN)</label>
        <input id="date" name="date" type="date" defaultValue={values?.date ?? ""} aria-invalid={errors.date ? true : undefined} />
        <label htmlFor="name">Tên</label>
        <input id="name" name="name" defaultValue={values?.name ?? ""} aria-invalid={errors.name ? true : undefined} />
        <label htmlFor="kind">Loại</label>
        <select id="kind" name="kind" defaultValue={values?.kind ?? "holiday"}>
          <option value="holiday">Ngày nghỉ</option>
          <option value="makeUpWorkingDay">Ngày làm bù</option>
        </select>
        <label htmlFor="note">Ghi chú</label>
        <input id="note" name="note" defaultValue={values?.note ?? ""} />
        <p>
          <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
            Lưu
          </button>
        </p>
      </Form>
    </>
  );
}
