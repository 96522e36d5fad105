/**
 * The procedure's typed result template (procedures.result_template) as the specialist fills it in
 * and as it is printed: the fields of each template, their defaults from the e-form and the
 * applicant, their checks, and the one function that turns a draft into the PDF — used for the
 * specialist's preview (watermarked "DỰ THẢO", no number yet) and for the document every signer
 * signs (numbered from the register). The issuing agency's Decree 30/2020 particulars (place name,
 * head's title, KT./TM. lines, number and symbol) are applied here.
 */
import type { agencies, dossiers, procedures, ResultTemplate } from "../../../db/schema";
import {
  renderBirthCertificate,
  renderDecision,
  renderHouseholdBusinessCertificate,
  renderJudicialRecord,
  renderResultCertificate,
  withAuthority,
  type IssuerHeader,
  type Official,
  type RenderedForm,
} from "../../../signing";
import type { DraftResult } from "../../../workflows/dossier-machine";
import { localInstant } from "../../time";

export type TemplateFieldKind = "text" | "textarea" | "date" | "money" | "select";
export type TemplateField = {
  name: string;
  label: string;
  kind: TemplateFieldKind;
  required?: boolean;
  options?: string[];
  hint?: string;
};

const SEX = ["Nam", "Nữ"];

export const TEMPLATE_NAMES: Record<ResultTemplate, string> = {
  birthCertificate: "Giấy khai sinh",
  judicialRecord: "Phiếu lý lịch tư pháp",
  householdBusiness: "Giấy chứng nhận đăng ký hộ kinh doanh",
  generic: "Quyết định",
};

/** The fields of each template, in the order the form and the document show them. */
export const TEMPLATE_FIELDS: Record<ResultTemplate, TemplateField[]> = {
  householdBusiness: [
    { name: "registrationCode", label: "Mã số hộ kinh doanh", kind: "text", required: true },
    { name: "businessName", label: "Tên hộ kinh doanh", kind: "text", required: true },
    { name: "businessAddress", label: "Địa chỉ trụ sở hộ kinh doanh", kind: "text", required: true },
    { name: "businessPhone", label: "Điện thoại", kind: "text" },
    { name: "businessEmail", label: "Email", kind: "text" },
    { name: "businessLines", label: "Ngành, nghề kinh doanh", kind: "textarea", required: true, hint: "Mỗi ngành, nghề một dòng." },
    { name: "capital", label: "Vốn kinh doanh (đồng)", kind: "money", required: true, hint: "Chỉ nhập số, ví dụ 150000000." },
    { name: "ownerName", label: "Họ và tên chủ hộ kinh doanh", kind: "text", required: true },
    { name: "ownerSex", label: "Giới tính", kind: "select", options: SEX, required: true },
    { name: "ownerBirthDate", label: "Ngày sinh của chủ hộ", kind: "date", required: true },
    { name: "ownerEthnicity", label: "Dân tộc", kind: "text", required: true },
    { name: "ownerNationality", label: "Quốc tịch", kind: "text", required: true },
    { name: "ownerIdNumber", label: "Số định danh cá nhân (Căn cước)", kind: "text", required: true },
    { name: "ownerAddress", label: "Địa chỉ thường trú", kind: "text", required: true },
    { name: "ownerContactAddress", label: "Địa chỉ liên lạc (nếu khác địa chỉ thường trú)", kind: "text" },
  ],
  judicialRecord: [
    { name: "recordKind", label: "Loại phiếu", kind: "select", options: ["1", "2"], required: true },
    { name: "personName", label: "Họ và tên người được cấp phiếu", kind: "text", required: true },
    { name: "personSex", label: "Giới tính", kind: "select", options: SEX, required: true },
    { name: "birthDate", label: "Ngày, tháng, năm sinh", kind: "date", required: true },
    { name: "birthPlace", label: "Nơi sinh", kind: "text", required: true },
    { name: "nationality", label: "Quốc tịch", kind: "text", required: true },
    { name: "ethnicity", label: "Dân tộc", kind: "text" },
    { name: "residence", label: "Nơi cư trú", kind: "text", required: true },
    { name: "idNumber", label: "Số định danh cá nhân (Căn cước)", kind: "text", required: true },
    { name: "fatherName", label: "Họ và tên cha (phiếu số 2)", kind: "text" },
    { name: "motherName", label: "Họ và tên mẹ (phiếu số 2)", kind: "text" },
    { name: "spouseName", label: "Họ và tên vợ/chồng (phiếu số 2)", kind: "text" },
    { name: "convictions", label: "Án tích", kind: "textarea", hint: "Để trống nếu không có án tích. Mỗi án tích một dòng: bản án; tội danh; hình phạt; tình trạng." },
    { name: "managementBan", label: "Cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã", kind: "text", hint: "Để trống nếu người yêu cầu không đề nghị xác nhận nội dung này." },
    { name: "preparedBy", label: "Người lập phiếu", kind: "text", required: true },
  ],
  birthCertificate: [
    { name: "childName", label: "Họ, chữ đệm và tên của trẻ", kind: "text", required: true },
    { name: "childBirthDate", label: "Ngày, tháng, năm sinh", kind: "date", required: true },
    { name: "childSex", label: "Giới tính", kind: "select", options: SEX, required: true },
    { name: "childBirthPlace", label: "Nơi sinh", kind: "text", required: true },
    { name: "childEthnicity", label: "Dân tộc", kind: "text", required: true },
    { name: "childNationality", label: "Quốc tịch", kind: "text", required: true },
    { name: "motherName", label: "Họ, chữ đệm và tên người mẹ", kind: "text" },
    { name: "fatherName", label: "Họ, chữ đệm và tên người cha", kind: "text" },
  ],
  generic: [
    { name: "subject", label: "Trích yếu (Về việc …)", kind: "text", required: true },
    { name: "legalBasis", label: "Căn cứ ban hành", kind: "textarea", required: true, hint: "Mỗi căn cứ một dòng, không cần chữ “Căn cứ”." },
    { name: "proposal", label: "Theo đề nghị của", kind: "text" },
    { name: "article1", label: "Điều 1", kind: "textarea", required: true },
    { name: "article2", label: "Điều 2", kind: "textarea", required: true },
    { name: "article3", label: "Điều 3 (tổ chức thực hiện)", kind: "textarea", required: true },
    { name: "recipients", label: "Nơi nhận", kind: "textarea", required: true, hint: "Mỗi nơi nhận một dòng." },
  ],
};

type Dossier = typeof dossiers.$inferSelect;
type Procedure = typeof procedures.$inferSelect;
type Agency = typeof agencies.$inferSelect;

const digits = (s: string) => s.replace(/[.\s,đ]/g, "").replace(/đồng$/i, "");

/** Defaults of a new draft: the e-form's values, the applicant's particulars, sensible constants. */
export function prefillValues(template: ResultTemplate, dossier: Dossier, procedure: Procedure, agency: Agency, specialistName: string): Record<string, string> {
  const f = (name: string) => (dossier.formData[name] ?? "").trim();
  switch (template) {
    case "householdBusiness":
      return {
        registrationCode: "",
        businessName: f("businessName"),
        businessAddress: f("businessAddress"),
        businessPhone: dossier.applicantPhone,
        businessEmail: dossier.applicantEmail ?? "",
        businessLines: f("businessLines"),
        capital: digits(f("capital")),
        ownerName: dossier.applicantName,
        ownerSex: "",
        ownerBirthDate: "",
        ownerEthnicity: "Kinh",
        ownerNationality: "Việt Nam",
        ownerIdNumber: dossier.applicantIdNumber,
        ownerAddress: dossier.applicantAddress,
        ownerContactAddress: "",
      };
    case "judicialRecord":
      return {
        recordKind: /2/.test(f("recordType")) ? "2" : "1",
        personName: dossier.applicantName,
        personSex: "",
        birthDate: f("birthDate"),
        birthPlace: f("birthPlace"),
        nationality: "Việt Nam",
        ethnicity: "Kinh",
        residence: dossier.applicantAddress,
        idNumber: dossier.applicantIdNumber,
        fatherName: "",
        motherName: "",
        spouseName: "",
        convictions: "",
        managementBan: "",
        preparedBy: specialistName,
      };
    case "birthCertificate":
      return Object.fromEntries(TEMPLATE_FIELDS.birthCertificate.map((field) => [field.name, f(field.name)]));
    case "generic":
      return {
        subject: `Về việc giải quyết hồ sơ ${procedure.name.charAt(0).toLocaleLowerCase("vi")}${procedure.name.slice(1)} của ông/bà ${dossier.applicantName}`,
        legalBasis: [
          "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
          ...(procedure.legalBasis ?? "").split(/[;\n]/).map((s) => s.trim().replace(/\.$/, "")).filter(Boolean),
        ].join("\n"),
        proposal: "",
        article1: `Giải quyết đề nghị của ông/bà ${dossier.applicantName} (${procedure.name}).`,
        article2: "Quyết định này có hiệu lực kể từ ngày ký.",
        article3: `Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và ông/bà ${dossier.applicantName} chịu trách nhiệm thi hành Quyết định này.`,
        recipients: `Như Điều 3\nLưu: VT, ${agency.abbreviation ?? "VP"}`,
      };
  }
}

/** A new draft's content: the template's title and every field, prefilled. */
export function prefillDraft(dossier: Dossier, procedure: Procedure, agency: Agency, specialistName: string): DraftResult {
  const template = procedure.resultTemplate;
  const values = prefillValues(template, dossier, procedure, agency, specialistName);
  return {
    title: template === "generic" ? "Quyết định" : procedure.resultName,
    fields: TEMPLATE_FIELDS[template].map((field) => ({ name: field.name, label: field.label, value: values[field.name] ?? "" })),
  };
}

/** A YYYY-MM-DD as that day's midnight in the portal's zone. */
const dateOf = (value: string): Date | null => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? localInstant(value, "00:00") : null);

/**
 * Checks a draft's values: formats always (a date, an amount), required fields only when the
 * draft is to be sent on (`complete`). Returns the errors by field name, in Vietnamese.
 */
export function checkDraftValues(template: ResultTemplate, values: Record<string, string>, complete: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of TEMPLATE_FIELDS[template]) {
    const value = (values[field.name] ?? "").trim();
    if (!value) {
      if (complete && field.required) errors[field.name] = `Vui lòng nhập “${field.label}”.`;
      continue;
    }
    if (value.length > 4000) errors[field.name] = `“${field.label}” quá dài (tối đa 4.000 ký tự).`;
    else if (field.kind === "date" && !dateOf(value)) errors[field.name] = `“${field.label}” phải là một ngày hợp lệ.`;
    else if (field.kind === "money" && !/^\d{1,15}$/.test(digits(value))) errors[field.name] = `“${field.label}” phải là một số tiền (chỉ gồm chữ số).`;
    else if (field.kind === "select" && field.options && !field.options.includes(value)) errors[field.name] = `Vui lòng chọn “${field.label}”.`;
  }
  return errors;
}

/** The draft's values by field name, over the defaults (a draft made before typed templates has fewer). */
export function valuesOf(draft: DraftResult | null, defaults: Record<string, string>): Record<string, string> {
  const values = { ...defaults };
  for (const field of draft?.fields ?? []) if (field.name) values[field.name] = field.value;
  return values;
}

const yearInVietnam = (at: Date) => Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }).format(at));
const lines = (value: string | undefined) => (value ?? "").split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
const sexOf = (value: string | undefined): "Nam" | "Nữ" | null => (value === "Nam" || value === "Nữ" ? value : null);

/** The issuing agency's particulars Decree 30 prints, the parent's where the agency has none. */
export type IssuingAgency = { agency: Agency; parent: Agency | null };

export function placeNameOf({ agency, parent }: IssuingAgency, fallback: string): string {
  return agency.placeName ?? parent?.placeName ?? fallback;
}

/**
 * The header of a result: a governing body (UBND) is printed alone, with "UBND" written out; a
 * department or office under its parent. The place name is the agency's seat.
 */
export function resultHeader(issuing: IssuingAgency, date: Date, number: string | undefined, fallbackPlace: string): IssuerHeader {
  const { agency, parent } = issuing;
  // "ỦY BAN NHÂN DÂN" on its line, the unit's name under it, as such headers are set.
  const expand = (name: string) => name.replace(/^UBND\s+/u, "Ủy ban nhân dân\n");
  return {
    parentAgency: agency.kind === "government" || !parent ? undefined : parent.name,
    agency: expand(agency.name),
    number,
    place: placeNameOf(issuing, fallbackPlace),
    date,
  };
}

/**
 * The symbol after the number: the procedure's own (GCN-ĐKHKD), else a decision's "QĐ-<agency
 * abbreviation>", else the register book's.
 */
export function resultSymbolOf(procedure: Procedure, agency: Agency, bookSymbol: string): string {
  if (procedure.resultSymbol) return procedure.resultSymbol;
  if (procedure.resultTemplate === "generic" && agency.abbreviation) return `QĐ-${agency.abbreviation}`;
  return bookSymbol;
}

/** The number and symbol of a result: `12/GCN-ĐKHKD`, or blanks before the number is given. */
export function numberAndSymbol(number: number | null, symbol: string): string {
  return number === null ? `        /${symbol}` : `${number}/${symbol}`;
}

export type TypedResultInput = {
  template: ResultTemplate;
  draft: DraftResult | null;
  defaults: Record<string, string>;
  dossier: Dossier;
  procedure: Procedure;
  issuing: IssuingAgency;
  header: IssuerHeader;
  /** The register entry, when the number is given; null on a draft. */
  entry: { number: number; year: number; documentDate: Date } | null;
  verificationUrl?: string;
  signer: Official;
  watermark?: string;
};

/**
 * The result document from a draft. Same inputs, same bytes: what a signer previewed is what she
 * signs. A draft lacking what its typed template needs is printed as the generic certificate of
 * its lines, as before typed templates existed.
 */
export async function renderTypedResult(input: TypedResultInput): Promise<RenderedForm> {
  const { template, draft, dossier, procedure, issuing, header, entry } = input;
  const v = valuesOf(draft, input.defaults);
  const head = issuing.agency.headTitle ?? issuing.parent?.headTitle ?? undefined;
  const isUbnd = (issuing.agency.abbreviation ?? "") === "UBND" || /^UBND\b/u.test(issuing.agency.name);
  const common = { verificationUrl: input.verificationUrl, dossierCode: dossier.code, watermark: input.watermark };
  // A certificate is issued by the People's Committee (TM.); a decision by its Chairman in person.
  const certificateSigner = withAuthority(input.signer, { headTitle: head, collectiveBody: isUbnd ? "Ủy ban nhân dân" : undefined });
  const documentDate = entry?.documentDate ?? header.date;

  if (template === "birthCertificate") {
    const birthDate = dateOf(v.childBirthDate ?? "");
    const sex = sexOf(v.childSex);
    if (birthDate && sex) {
      return renderBirthCertificate({
        ...common,
        header: { ...header, number: undefined },
        registerNumber: entry ? String(entry.number) : "        ",
        registerBook: `01/${entry?.year ?? yearInVietnam(documentDate)}`,
        child: {
          name: v.childName ?? "",
          birthDate,
          sex,
          ethnicity: v.childEthnicity || "Kinh",
          nationality: v.childNationality || "Việt Nam",
          birthPlace: v.childBirthPlace ?? "",
        },
        mother: v.motherName ? { name: v.motherName } : undefined,
        father: v.fatherName ? { name: v.fatherName } : undefined,
        declarant: { name: dossier.applicantName, idDocument: `CCCD số ${dossier.applicantIdNumber}` },
        registrationPlace: issuing.agency.name,
        registeredAt: documentDate,
        signer: certificateSigner,
      });
    }
  }
  if (template === "householdBusiness" && v.businessName) {
    return renderHouseholdBusinessCertificate({
      ...common,
      header,
      registrationNumber: v.registrationCode || "……………………",
      firstRegisteredAt: documentDate,
      businessName: v.businessName,
      address: v.businessAddress ?? "",
      phone: v.businessPhone || undefined,
      email: v.businessEmail || undefined,
      activities: lines(v.businessLines),
      capital: Number(digits(v.capital ?? "")) || 0,
      owner: {
        name: v.ownerName ?? dossier.applicantName,
        sex: sexOf(v.ownerSex) ?? undefined,
        birthDate: dateOf(v.ownerBirthDate ?? "") ?? undefined,
        ethnicity: v.ownerEthnicity ?? "",
        nationality: v.ownerNationality ?? "",
        idNumber: v.ownerIdNumber ?? "",
        permanentAddress: v.ownerAddress ?? "",
        currentAddress: v.ownerContactAddress || undefined,
      },
      signer: certificateSigner,
    });
  }
  if (template === "judicialRecord" && v.personName && dateOf(v.birthDate ?? "") && sexOf(v.personSex)) {
    return renderJudicialRecord({
      ...common,
      header,
      kind: v.recordKind === "2" ? 2 : 1,
      person: {
        name: v.personName,
        sex: sexOf(v.personSex)!,
        birthDate: dateOf(v.birthDate)!,
        birthPlace: v.birthPlace ?? "",
        nationality: v.nationality || "Việt Nam",
        ethnicity: v.ethnicity || undefined,
        residence: v.residence,
        idNumber: v.idNumber ?? "",
        father: v.fatherName || undefined,
        mother: v.motherName || undefined,
        spouse: v.spouseName || undefined,
      },
      request: { by: `ông/bà ${dossier.applicantName}`, at: dossier.submittedAt },
      convictions: lines(v.convictions).map((line) => {
        const [judgment, offence, sentence, status] = line.split(";").map((s) => s.trim());
        return { judgment: judgment ?? line, offence: offence ?? "", sentence: sentence ?? "", status: status || undefined };
      }),
      managementBan: v.managementBan ? { requested: true, text: v.managementBan } : undefined,
      preparedBy: { name: v.preparedBy ?? "" },
      signer: withAuthority(input.signer, { headTitle: head }),
    });
  }
  if (template === "generic" && v.subject && v.article1) {
    return renderDecision({
      ...common,
      header,
      subject: v.subject,
      issuer: `${head ?? "Thủ trưởng"} ${header.agency.replace(/\n/g, " ")}`,
      legalBasis: lines(v.legalBasis),
      proposal: v.proposal || undefined,
      articles: [v.article1, v.article2, v.article3].filter((a): a is string => !!a && !!a.trim()),
      recipients: lines(v.recipients),
      signer: withAuthority(input.signer, { headTitle: head }),
    });
  }
  return renderResultCertificate({
    ...common,
    header,
    title: (draft?.title ?? procedure.resultName).toUpperCase(),
    lines: (draft?.fields ?? [{ label: "Người đề nghị", value: dossier.applicantName }]).map((f) => ({ label: f.label, value: f.value })),
    signer: certificateSigner,
  });
}
