/**
 * Any address no other route answers. Without this splat route Remix would short-circuit an unknown
 * URL to the root error boundary without running the root loader, and the 404 page would lose the
 * site's header, footer and language.
 */
const notFound = () => {
  throw new Response("", { status: 404, statusText: "Not Found" });
};

export const loader = notFound;
export const action = notFound;

// A component makes this a page route (a route without one is a resource route and would answer the
// bare 404); it never renders, since the loader always throws to the root error boundary.
export default function NotFound() {
  return null;
}
