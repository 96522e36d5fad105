import { Outlet } from "@remix-run/react";
import { AdminNav } from "../components/admin-nav";

/**
 * The frame of every administration page: the administrators' navigation above the page. It loads
 * nothing; each page checks its own permission in its loader and action.
 */
export default function AdminLayout() {
  return (
    <>
      <AdminNav />
      <Outlet />
    </>
  );
}
