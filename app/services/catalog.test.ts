/**
 * The catalog on both seed profiles and both engines: what each profile seeds (agencies per level,
 * administrative units, procedures, receiving agencies), and search by examples, typos included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";
import { CATALOG } from "../../db/catalog-data";
import { DEMO_PROCEDURES } from "../../db/demo-data";
import type { SeedProfileId } from "../../db/profiles";
import { createPostgresTestDatabase, testDatabaseKind, testPostgresUrl } from "../../db/test-database";
import { catalogFacets, catalogQueryFromParams, popularProcedures, procedureReceivers, provinceCopyCode, receivesProcedure, rootAgency, searchCatalog } from "./catalog.server";

async function seeded(profile: SeedProfileId): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  let handle: DatabaseHandle;
  let drop = async () => {};
  if (testPostgresUrl) {
    const database = await createPostgresTestDatabase(testPostgresUrl);
    handle = await openDatabase({ url: database.url });
    drop = database.drop;
  } else {
    handle = await openDatabase({ dataDir: "memory://" });
  }
  await applyMigrations(handle.db);
  await seedDatabase(handle.db, { demo: true, profile });
  return { handle, drop };
}

const REFERENCE_ROWS = CATALOG.length + DEMO_PROCEDURES.length;

describe(`seed profile thai-binh (${testDatabaseKind})`, () => {
  let db: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    db = await seeded("thai-binh");
  });
  afterAll(async () => {
    await db.handle.close();
    await db.drop();
  });
  const q = async <T>(text: string, params: unknown[] = []) => (await db.handle.pool.query(text, params)).rows as T[];

  it("lays out three levels: 19 departments and the centre, 8 districts, 260 communes, and their units", async () => {
    const rows = await q<{ level: string; kind: string; n: number }>("select level, kind, count(*)::int n from agencies group by 1, 2");
    const n = (level: string, kind: string) => rows.find((r) => r.level === level && r.kind === kind)?.n ?? 0;
    expect(n("province", "government")).toBe(1);
    expect(n("province", "department")).toBe(19);
    expect(n("district", "government")).toBe(8);
    expect(n("commune", "government")).toBe(260);
    expect(n("commune", "desk")).toBe(260);
    const [root] = await q<{ identifier: string; name: string; level: string; parent_id: number | null; identifier_is_sample: boolean }>("select * from agencies where parent_id is null");
    expect(root).toMatchObject({ identifier: "000.00.00.H54", name: "UBND tỉnh Thái Bình", level: "province", parent_id: null, identifier_is_sample: false });
    expect(await q("select 1 from agencies where name = 'Trung tâm Phục vụ hành chính công tỉnh Thái Bình' and address like '76 Lý Thường Kiệt%'")).toHaveLength(1);
    // Every identifier below the province is sample data; so is every commune not known for certain.
    expect(await q("select 1 from agencies where identifier is not null and identifier <> '000.00.00.H54' and not identifier_is_sample")).toHaveLength(0);
    expect((await q<{ n: number }>("select count(*)::int n from agencies where level = 'commune' and kind = 'government' and name like '%(dữ liệu mẫu)%'"))[0].n).toBeGreaterThan(200);
    const units = await q<{ level: string; n: number }>("select level, count(*)::int n from administrative_units group by 1");
    expect(Object.fromEntries(units.map((u) => [u.level, u.n]))).toEqual({ province: 1, district: 8, commune: 260 });
  });

  it("keeps the demo: its agencies, accounts and three procedures as the tests know them", async () => {
    const demo = await q<{ code: string; level: string; name: string; identifier: string }>(
      "select p.code, p.level, a.name, a.identifier from procedures p join agencies a on a.id = p.agency_id where p.code in ('1.001193', '1.001612', '3.000333') order by p.code",
    );
    expect(demo).toEqual([
      { code: "1.001193", level: "commune", name: "UBND xã Đông La", identifier: "001.15.15.H54" },
      { code: "1.001612", level: "district", name: "UBND huyện Đông Hưng", identifier: "000.00.15.H54" },
      { code: "3.000333", level: "province", name: "Sở Tư pháp tỉnh Thái Bình", identifier: "000.00.07.H54" },
    ]);
    // Birth registration is received by every commune; household business by every district.
    const receivers = await q<{ code: string; n: number }>("select p.code, count(*)::int n from procedure_agencies pa join procedures p on p.id = pa.procedure_id where p.code in ('1.001193', '1.001612', '3.000333') group by 1 order by 1");
    expect(receivers).toEqual([{ code: "1.001193", n: 260 }, { code: "1.001612", n: 8 }, { code: "3.000333", n: 1 }]);
    const roles = await q<{ username: string; agency: string }>("select u.username, a.name agency from users u join user_roles r on r.user_id = u.id join agencies a on a.id = r.agency_id where u.username in ('motcua.xa', 'motcua.huyen', 'motcua.so') order by 1");
    expect(roles).toEqual([
      { username: "motcua.huyen", agency: "UBND huyện Đông Hưng" },
      { username: "motcua.so", agency: "Sở Tư pháp tỉnh Thái Bình" },
      { username: "motcua.xa", agency: "UBND xã Đông La" },
    ]);
  });

  it("holds every procedure of the reference, each with its fields, a step list and its receivers", async () => {
    expect((await q<{ n: number }>("select count(*)::int n from procedures"))[0].n).toBe(REFERENCE_ROWS);
    expect(REFERENCE_ROWS).toBe(92);
    expect(await q("select code from procedures p where not exists (select 1 from workflow_versions w where w.procedure_id = p.id and w.version = 1)")).toEqual([]);
    expect(await q("select code from procedures p where not exists (select 1 from procedure_agencies pa where pa.procedure_id = p.id)")).toEqual([]);
    expect(await q("select code from procedures where jsonb_array_length(documents) = 0 or jsonb_array_length(application_steps) = 0 or jsonb_array_length(channels) = 0 or result_name = '' or legal_basis is null")).toEqual([]);
    // District-level work exists only in the seed era.
    expect((await q<{ n: number }>("select count(*)::int n from procedures where level = 'district'"))[0].n).toBeGreaterThan(10);
    // Doubtful values are marked, e.g. the household-business fee (⚠ in the reference).
    expect((await q<{ doubtful: string[] }>("select doubtful from procedures where code = '1.001612'"))[0].doubtful).toContain("fee");
    const root = await rootAgency(db.handle.db);
    expect(provinceCopyCode("1.001193", false, root?.identifier)).toBe("1.001193.000.00.00.H54");
  });

  it("offers popular procedures, fields with counts and a short list of agencies to filter by", async () => {
    expect((await popularProcedures(db.handle.db)).map((p) => p.code).slice(0, 3)).toEqual(["1.001193", "2.000815", "3.000347"]);
    const facets = await catalogFacets(db.handle.db);
    expect(facets.fields.find((f) => f.field === "Hộ tịch")?.count).toBeGreaterThan(15);
    // The root, 19 departments and 8 districts: not 260 communes.
    expect(facets.agencies).toHaveLength(28);
    expect(facets.levels.map((l) => l.level)).toEqual(["province", "district", "commune"]);
  });

  it("knows which desks receive a procedure", async () => {
    const [{ id }] = await q<{ id: number }>("select id from procedures where code = '1.001193'");
    const [dongLa] = await q<{ id: number }>("select id from agencies where name = 'UBND xã Đông La'");
    const [dongHung] = await q<{ id: number }>("select id from agencies where name = 'UBND huyện Đông Hưng'");
    expect(await receivesProcedure(db.handle.db, id, dongLa.id)).toBe(true);
    expect(await receivesProcedure(db.handle.db, id, dongHung.id)).toBe(false);
  });

  it("pages and searches a procedure's receiving agencies", async () => {
    const [{ id }] = await q<{ id: number }>("select id from procedures where code = '1.001193'");
    const first = await procedureReceivers(db.handle.db, id);
    expect(first.total).toBe(260);
    expect(first.items).toHaveLength(10);
    const dongLa = await procedureReceivers(db.handle.db, id, { q: "dong la" });
    expect(dongLa.items.map((a) => a.name)).toEqual(["UBND xã Đông La"]);
  });

  describe("search", () => {
    const search = (q: string, extra: Partial<Parameters<typeof searchCatalog>[1]> = {}) => searchCatalog(db.handle.db, { q, ...extra });
    const codes = async (q: string, extra?: Partial<Parameters<typeof searchCatalog>[1]>) => (await search(q, extra)).items.map((i) => i.code);

    it.each([
      ["khai sinh", "1.001193"],
      ["dang ky khai sinh", "1.001193"],
      ["ĐĂNG KÝ KHAI SINH", "1.001193"],
      ["ho kinh doanh", "1.001612"],
      ["ly lich tu phap", "3.000333"],
      ["1.001193", "1.001193"],
      ["1.001193.000.00.00.H54", "1.001193"],
      ["ket hon", "1.000894"],
      ["giay phep xay dung", "1.013225"],
      ["chứng thực bản sao", "2.000815"],
      ["hộ chiếu", "1.001456"],
      ["can cuoc", "1.014061"],
    ])("%s → %s among the first results", async (query, code) => {
      const result = await search(query);
      expect(result.match).toBe("words");
      expect(result.items.slice(0, 5).map((i) => i.code)).toContain(code);
    });

    it("puts the closest name first", async () => {
      expect((await codes("dang ky khai sinh"))[0]).toBe("1.001193");
      expect((await codes("đăng ký kết hôn"))[0]).toBe("1.000894");
    });

    it.each([
      ["khai sihn", "1.001193"],
      ["dang ki ket hon", "1.000894"],
      ["ly lihc tu phap", "3.000333"],
      ["giay phep lai xee", "3.000347"],
    ])("tolerates the typo %s", async (query, code) => {
      const result = await search(query);
      expect(result.match).toBe("similar");
      expect(result.items.map((i) => i.code)).toContain(code);
    });

    it("answers nothing with suggestions and no error", async () => {
      const none = await search("hochieu");
      expect(none.match).toBe("none");
      expect(none.items).toEqual([]);
      expect(none.suggestions.map((s) => s.code)).toEqual(expect.arrayContaining(["1.001456"]));
      const nothing = await search("xyzxyzq");
      expect(nothing).toMatchObject({ match: "none", total: 0, suggestions: [] });
      // Characters that mean something to LIKE are taken literally.
      expect((await search("100%_")).match).toBe("none");
    });

    it("filters by field, level, service mode and agency, and pages", async () => {
      const civil = await search("", { field: "Hộ tịch" });
      expect(civil.total).toBeGreaterThan(15);
      expect(civil.items.every((i) => i.field === "Hộ tịch")).toBe(true);
      expect((await search("khai sinh", { level: "province" })).items).toEqual([]);
      const full = await search("", { mode: "full" });
      expect(full.items.every((i) => i.serviceMode === "full")).toBe(true);
      const [justice] = await q<{ id: number }>("select id from agencies where name = 'Sở Tư pháp tỉnh Thái Bình'");
      expect(await codes("", { agencyId: justice.id })).toEqual(expect.arrayContaining(["3.000333", "2.000635"]));
      const all = await search("");
      expect(all.total).toBe(92);
      expect(all.pageCount).toBe(5);
      const last = await search("", { page: 5 });
      expect(last.items).toHaveLength(12);
      expect((await search("", { page: 9 })).items).toEqual([]);
    });

    it("reads its GET parameters leniently", () => {
      expect(catalogQueryFromParams(new URLSearchParams("q=%20khai%20sinh%20&cap=xa&muc-do=full&trang=-3&co-quan=abc"))).toEqual({
        q: "khai sinh", field: undefined, agencyId: undefined, level: undefined, mode: "full", page: 1,
      });
      expect(catalogQueryFromParams(new URLSearchParams("cap=commune&trang=2&co-quan=7&linh-vuc=H%E1%BB%99%20t%E1%BB%8Bch"))).toMatchObject({ level: "commune", page: 2, agencyId: 7, field: "Hộ tịch" });
    });
  });
});

describe(`seed profile hung-yen (${testDatabaseKind})`, () => {
  let db: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    db = await seeded("hung-yen");
  });
  afterAll(async () => {
    await db.handle.close();
    await db.drop();
  });
  const q = async <T>(text: string, params: unknown[] = []) => (await db.handle.pool.query(text, params)).rows as T[];

  it("lays out two levels: the province and 104 communes under it, no districts", async () => {
    const [root] = await q<{ identifier: string; name: string; kind: string; level: string }>("select * from agencies where parent_id is null");
    expect(root).toMatchObject({ identifier: "000.00.00.H31", name: "UBND tỉnh Hưng Yên", kind: "government", level: "province" });
    expect((await q<{ n: number }>("select count(*)::int n from agencies where level = 'district'"))[0].n).toBe(0);
    expect((await q<{ n: number }>("select count(*)::int n from agencies where level = 'commune' and kind = 'government' and parent_id = (select id from agencies where parent_id is null)"))[0].n).toBe(104);
    const units = await q<{ level: string; n: number }>("select level, count(*)::int n from administrative_units group by 1");
    expect(Object.fromEntries(units.map((u) => [u.level, u.n]))).toEqual({ province: 1, commune: 104 });
    expect(await q("select 1 from agencies where name = 'Sở Nông nghiệp và Môi trường tỉnh Hưng Yên'")).toHaveLength(1);
  });

  it("places the same catalog on two levels; the demo accounts land where the work is now", async () => {
    expect((await q<{ n: number }>("select count(*)::int n from procedures"))[0].n).toBe(92);
    expect((await q<{ n: number }>("select count(*)::int n from procedures where level = 'district'"))[0].n).toBe(0);
    const demo = await q<{ code: string; level: string; n: number }>(
      "select p.code, p.level, count(pa.agency_id)::int n from procedures p join procedure_agencies pa on pa.procedure_id = p.id where p.code in ('1.001193', '1.001612') group by 1, 2 order by 1",
    );
    expect(demo).toEqual([{ code: "1.001193", level: "commune", n: 104 }, { code: "1.001612", level: "commune", n: 104 }]);
    // The district's accounts now work at the commune that registers household businesses.
    const [{ agency }] = await q<{ agency: string }>("select a.name agency from users u join user_roles r on r.user_id = u.id join agencies a on a.id = r.agency_id where u.username = 'motcua.huyen'");
    const [{ decides }] = await q<{ decides: string }>("select a.name decides from procedures p join agencies a on a.id = p.agency_id where p.code = '1.001612'");
    expect(agency).toBe(decides);
    const [unit] = await q<{ unit: string; parent: number; agency: number }>(
      "select u2.name unit, u2.parent_id parent, (select agency_id from user_roles r where r.user_id = u.id) agency from users u join agencies u2 on u2.id = u.unit_id where u.username = 'chuyenvien.huyen'",
    );
    expect(unit.parent).toBe(unit.agency);
    expect((await searchCatalog(db.handle.db, { q: "khai sihn" })).items.map((i) => i.code)).toContain("1.001193");
    const root = await rootAgency(db.handle.db);
    expect(provinceCopyCode("1.001193", false, root?.identifier)).toBe("1.001193.000.00.00.H31");
  });

});
