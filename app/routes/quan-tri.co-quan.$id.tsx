import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AgencyForm, agencyValuesOf, type AgencyFormValues } from "../components/admin/agency-form";
import { KIND_NAMES, WEEKDAY_NAMES } from "../admin-labels";
import {
  agencyInputOf,
  agencyTree,
  formatDayHours,
  officeHoursOf,
  parseOfficeHours,
  saveAgency,
  saveOfficeHours,
} from "../services/admin/agencies.server";
import { AdminInputError } from "../services/admin/users.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Cơ quan, đơn vị — Quản trị" }];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy cơ quan.", { status: 404 });
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:agencies:all");
  const id = idOf(params);
  const tree = await agencyTree(context.services);
  const agency = tree.find((a) => a.id === id);
  if (!agency) throw new Response("Không tìm thấy cơ quan.", { status: 404 });
  const hours = officeHoursOf(agency);
  return json({
    id,
    name: agency.name,
    values: {
      name: agency.name,
      level: agency.level,
      kind: agency.kind,
      parentId: agency.parentId ? String(agency.parentId) : "",
      identifier: agency.identifier ?? "",
      identifierIsSample: agency.identifierIsSample,
      placeName: agency.placeName ?? "",
      headTitle: agency.headTitle ?? "",
      abbreviation: agency.abbreviation ?? "",
      address: agency.address ?? "",
      sealAppliedBy: agency.sealAppliedBy,
      active: agency.active,
    } satisfies AgencyFormValues,
    ownHours: agency.officeHours !== null,
    hours: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, formatDayHours(hours[d as 1])])) as Record<string, string>,
    children: tree.filter((a) => a.parentId === id).map((a) => ({ id: a.id, name: a.name, kind: a.kind, active: a.active })),
    // Neither the agency itself nor what lies under it can become its parent; the service checks it too.
    parents: tree.filter((a) => a.id !== id).map((a) => ({ id: a.id, name: a.name, depth: a.depth })),
    created: new URL(request.url).searchParams.get("moi") === "1",
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:agencies:all");
  const id = idOf(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "save") {
      const values = agencyValuesOf(form);
      const saved = await saveAgency(context.services, admin.id, id, agencyInputOf(values));
      if (!saved.ok) return json({ done: null, errors: saved.errors, values, hours: null }, { status: 400 });
      return json({ done: values.active ? "Đã lưu cơ quan." : "Đã lưu; cơ quan đang ở trạng thái ngừng hoạt động.", errors: {}, values: null, hours: null });
    }
    if (intent === "office-hours" || intent === "reset-hours") {
      const lines = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, String(form.get(`day${d}`) ?? "")]));
      try {
        await saveOfficeHours(context.services, admin.id, id, intent === "reset-hours" ? null : parseOfficeHours(lines));
      } catch (error) {
        if (error instanceof AdminInputError) return json({ done: null, errors: { [error.field]: error.message }, values: null, hours: lines }, { status: error.status });
        throw error;
      }
      return json({ done: intent === "reset-hours" ? "Đã trở về giờ làm việc mặc định." : "Đã lưu giờ làm việc.", errors: {}, values: null, hours: null });
    }
    return json({ done: null, errors: { form: "Thao tác không hợp lệ." }, values: null, hours: null }, { status: 400 });
  } catch (error) {
    if (error instanceof AdminInputError) return json({ done: null, errors: { form: error.message }, values: null, hours: null }, { status: error.status });
    throw error;
  }
}

export default function AgencyPage() {
  const { id, name, values, ownHours, hours, children, parents, created } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const typedHours = data?.hours ?? null;
  return (
    <>
      <p>
        <Link to="/quan-tri/co-quan">← Cây cơ quan</Link>
      </p>
      <h1>{name}</h1>
      {created && !data ? (
        <p className="notice" role="status">
          Đã thêm cơ quan, đơn vị.
        </p>
      ) : null}
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {Object.keys(errors).length ? (
        <div className="error-box" role="alert">
          {Object.values(errors).join(" ")}
        </div>
      ) : null}
      <section className="card" aria-labelledby="thong-tin-co-quan">
        <h2 id="thong-tin-co-quan">Thông tin cơ quan</h2>
        <AgencyForm key={JSON.stringify(values)} values={data?.values ?? values} errors={errors} parents={parents} submitLabel="Lưu" idPrefix={`agency-${id}`} />
      </section>
      <section className="card" aria-labelledby="gio-lam-viec">
        <h2 id="gio-lam-viec">Giờ làm việc</h2>
        <p className="hint">
          {ownHours ? "Cơ quan có giờ làm việc riêng." : "Cơ quan đang dùng giờ làm việc mặc định (07:00–11:30, 13:30–17:00, thứ Hai đến thứ Sáu)."} Thời hạn
          giải quyết hồ sơ tiếp nhận tại cơ quan được tính theo giờ làm việc này. Mỗi ngày ghi các khoảng giờ, cách nhau bằng dấu phẩy; để trống ngày nghỉ.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="office-hours" />
          <div className="grid">
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <div key={d}>
                <label htmlFor={`day${d}`}>{WEEKDAY_NAMES[d]}</label>
                <input
                  id={`day${d}`}
                  name={`day${d}`}
                  defaultValue={typedHours?.[d] ?? hours[d]}
                  placeholder="Nghỉ"
                  aria-invalid={errors[`day${d}`] ? true : undefined}
                />
              </div>
            ))}
          </div>
          <p>
            <button type="submit" className="primary">
              Lưu giờ làm việc
            </button>
          </p>
        </Form>
        {ownHours ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reset-hours" />
            <button type="submit" className="secondary">
              Trở về giờ mặc định
            </button>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="don-vi-truc-thuoc">
        <h2 id="don-vi-truc-thuoc">Đơn vị trực thuộc</h2>
        {children.length === 0 ? <p>Chưa có đơn vị trực thuộc.</p> : null}
        <ul>
          {children.map((c) => (
            <li key={c.id}>
              <Link to={`/quan-tri/co-quan/${c.id}`}>{c.name}</Link> <span className="hint">· {KIND_NAMES[c.kind]}{c.active ? "" : " · ngừng hoạt động"}</span>
            </li>
          ))}
        </ul>
        <p className="hint">Thêm phòng, bộ phận mới ở trang Cây cơ quan, chọn cơ quan này làm cấp trên.</p>
      </section>
    </>
  );
}
