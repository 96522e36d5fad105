/**
 * The desk's new routes across every role (issue 10's authorisation matrix): the walk-in intake page,
 * the register with its downloads, and the print view of a dossier's documents. Expectations are
 * written out: this is the spec, not a copy of GRANTS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { loader as registerLoader } from "../../routes/can-bo_.so-theo-doi";
import { loader as registerFileLoader } from "../../routes/can-bo_.so-theo-doi_.tai";
import { action as intakeAction, loader as intakeLoader } from "../../routes/can-bo_.tiep-nhan";
import { loader as printLoader } from "../../routes/ho-so.$code.ban-in";
import { actorOf, HOUSEHOLD_BUSINESS, samplePdf } from "../../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { login } from "../auth.server";
import { acceptUpload, noVirusScanner } from "../uploads.server";
import { intakeWalkInDossier } from "./intake.server";

const USERS = {
  citizen: "congdan",
  desk: "motcua.huyen",
  specialist: "chuyenvien.huyen",
  unitHead: "truongphong.huyen",
  leader: "lanhdao.huyen",
  clerk: "vanthu.huyen",
  admin: "quantri",
  monitor: "giamsat",
  otherAgencyDesk: "motcua.xa",
  anonymous: null,
} as const;
type Who = keyof typeof USERS;

/** 302: to the sign-in page. */
const EXPECTED: Record<"intake page" | "intake post" | "register page" | "register xlsx" | "print receipt", Record<Who, number>> = {
  "intake page": { citizen: 403, desk: 200, specialist: 403, unitHead: 403, leader: 403, clerk: 403, admin: 403, monitor: 403, otherAgencyDesk: 200, anonymous: 302 },
  // The commune's desk may use the page, but not for the district's procedure.
  "intake post": { citizen: 403, desk: 400, specialist: 403, unitHead: 403, leader: 403, clerk: 403, admin: 403, monitor: 403, otherAgencyDesk: 403, anonymous: 302 },
  "register page": { citizen: 403, desk: 200, specialist: 403, unitHead: 200, leader: 200, clerk: 200, admin: 403, monitor: 403, otherAgencyDesk: 200, anonymous: 302 },
  "register xlsx": { citizen: 403, desk: 200, specialist: 403, unitHead: 200, leader: 200, clerk: 200, admin: 403, monitor: 403, otherAgencyDesk: 200, anonymous: 302 },
  // The applicant's own dossier; officers of the agency and the province's readers; not another agency.
  "print receipt": { citizen: 200, desk: 200, specialist: 200, unitHead: 200, leader: 200, clerk: 200, admin: 200, monitor: 200, otherAgencyDesk: 404, anonymous: 302 },
};

let services: TestServices;
let code: string;
const cookies = new Map<Who, string | null>();

beforeAll(async () => {
  services = await startTestServices();
  for (const [who, username] of Object.entries(USERS) as Array<[Who, string | null]>) {
    if (!username) {
      cookies.set(who, null);
      continue;
    }
    const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.91", secure: false });
    if (!result.ok) throw new Error(`cannot sign in ${username}`);
    cookies.set(who, result.setCookie.split(";")[0]);
  }
  const desk = await actorOf(services, "motcua.huyen");
  const citizen = await actorOf(services, "congdan");
  const pdf = await samplePdf();
  const uploads = await Promise.all(
    ["Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao thẻ căn cước của chủ hộ kinh doanh"].map((n) =>
      acceptUpload(services.storage, noVirusScanner, n, new File([new Uint8Array(pdf)], "a.pdf", { type: "application/pdf" })),
    ),
  );
  ({ code } = await intakeWalkInDossier(services, desk, {
    procedureCode: HOUSEHOLD_BUSINESS,
    applicantUserId: citizen.userId,
    applicant: { name: "Nguyễn Văn An", idNumber: "034090001234", phone: "0912345678", email: null, address: "Xã Đông La" },
    formData: { businessName: "A", businessAddress: "B", businessLines: "C", capital: "1" },
    uploads,
    checklist: uploads.map((u) => ({ name: u.documentName, required: true, present: true, form: "original" as const, count: 1, note: null })),
    resultDelivery: 0,
    delivery: null,
    idempotencyKey: crypto.randomUUID(),
  }));
});
afterAll(async () => services?.dispose());

async function statusOf(route: (args: never) => Promise<Response>, url: string, who: Who, form?: FormData): Promise<number> {
  const cookie = cookies.get(who);
  const request = new Request(`http://localhost:3000${url}`, { method: form ? "POST" : "GET", body: form, headers: cookie ? { Cookie: cookie } : {} });
  try {
    return (await route({ request, params: { code }, context: { services } } as never)).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe(`the desk's routes for every role (${databaseKind})`, () => {
  it("answer each role as the matrix says", async () => {
    const got: Record<string, Record<string, number>> = {};
    for (const who of Object.keys(USERS) as Who[]) {
      const emptyIntake = new FormData();
      emptyIntake.append("idempotencyKey", crypto.randomUUID());
      const answers = {
        "intake page": await statusOf(intakeLoader, "/can-bo/tiep-nhan", who),
        "intake post": await statusOf(intakeAction, `/can-bo/tiep-nhan?thu-tuc=${HOUSEHOLD_BUSINESS}`, who, emptyIntake),
        "register page": await statusOf(registerLoader, "/can-bo/so-theo-doi", who),
        "register xlsx": await statusOf(registerFileLoader, "/can-bo/so-theo-doi/tai?dang=xlsx", who),
        "print receipt": await statusOf(printLoader, `/ho-so/${encodeURIComponent(code)}/ban-in?giay=bien-nhan`, who),
      };
      for (const [route, status] of Object.entries(answers)) (got[route] ??= {})[who] = status;
    }
    expect(got).toEqual(EXPECTED);
  });
});
