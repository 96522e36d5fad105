import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import { hasPermission, requirePermission } from "../services/permissions.server";
import { listInbox } from "../services/dossier-queries.server";
import { DossierTable } from "../components/dossier-table";
import { ROLE_NAMES } from "../labels";

export const meta: MetaFunction = () => [{ title: "Hồ sơ cần xử lý — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.services, request, "read:inbox:agency");
  const rows = await listInbox(context.services, user);
  return json({
    roleName: ROLE_NAMES[user.role],
    canSeeRegister: hasPermission(user, "read:register:agency"),
    canTakeWalkIn: hasPermission(user, "intake:dossier:agency"),
    rows: rows.map((r) => ({ ...r, statusName: DOSSIER_STATUS_NAMES[r.status as DossierStatusCode] })),
  });
}

export default function Inbox() {
  const { rows, roleName, canSeeRegister, canTakeWalkIn } = useLoaderData<typeof loader>();
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
      <p className="lead">
        {roleName}: {rows.length} hồ sơ đang chờ, sắp xếp theo hạn xử lý gần nhất.
      </p>
      {rows.length === 0 ? <p>Không có hồ sơ nào đang chờ bạn xử lý.</p> : <DossierTable rows={rows} showApplicant />}
      {canSeeRegister ? (
        <p>
          <Link to="/can-bo/so-theo-doi">Sổ theo dõi hồ sơ (Mẫu 07): xem, lọc, tải PDF, XLSX, CSV</Link>
        </p>
      ) : null}
    </>
  );
}
