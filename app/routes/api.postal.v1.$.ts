import { apiError } from "../services/postal/api.server";

/** Anything else under the postal API answers in the API's own error shape, not with an HTML page. */
const notFound = () => apiError(404, "not_found", "Không có địa chỉ này trong API bưu chính (xem /api/postal/v1/openapi.json).");
export const loader = notFound;
export const action = notFound;
