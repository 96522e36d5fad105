/** Public lookup (issue 11, point 6): the code and the phone as people type them; nothing personal comes back. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf, submitHouseholdBusiness } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { lookupDigits, lookupDossier, normaliseLookupCode } from "./public-lookup.server";

let services: TestServices;
beforeAll(async () => {
  services = await startTestServices();
});
afterAll(async () => services?.dispose());

describe("what a person types", () => {
  it("reads phones with spaces, dots, dashes and +84 or 0084 as the same number; ID numbers are left alone", () => {
    for (const typed of ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "+84-912-345-678", "0084 912345678", "(+84) 912.345.678"]) {
      expect(lookupDigits(typed)).toBe("0912345678");
    }
    expect(lookupDigits("034 090 001 234")).toBe("034090001234");
    expect(lookupDigits("840900012345")).toBe("840900012345");
  });

  it("reads a code in any case, with stray spaces", () => {
    expect(normaliseLookupCode(" 000.00.15.h54-261123-0001 ")).toBe("000.00.15.H54-261123-0001");
    expect(normaliseLookupCode("000.00.15.H54 - 261123 - 0001")).toBe("000.00.15.H54-261123-0001");
  });
});

describe(`lookup on the database (${databaseKind})`, () => {
  it("finds the dossier by a lowercase code and a phone typed with spaces, and shows no personal data", async () => {
    const { code } = await submitHouseholdBusiness(services, await actorOf(services, "congdan"));
    for (const secret of ["+84 912 345 678", "0912.345.678", "034 090 001 234"]) {
      const found = await lookupDossier(services, code.toLowerCase(), secret);
      expect(found?.code).toBe(code);
    }
    const found = await lookupDossier(services, ` ${code.toLowerCase()} `, "0912 345 678");
    const text = JSON.stringify(found);
    for (const personal of ["Nguyễn Văn An", "034090001234", "0912345678", "congdan@example.vn", "Lạc Thành"]) expect(text).not.toContain(personal);
    expect(await lookupDossier(services, code.toLowerCase(), "0912 345 679")).toBeNull();
    expect(await lookupDossier(services, code, "345 678")).toBeNull();
  });
});
