import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { diagramDocument, EXAMPLE_DEFINITION, toMermaid } from "./diagram";
import { DOSSIER_EVENT_TYPES } from "./dossier-machine";

describe("statechart diagram", () => {
  it("docs/dossier-statechart.md is the machine's current drawing (regenerate: npx tsx workflows/diagram.ts)", async () => {
    const committed = await readFile(new URL("../docs/dossier-statechart.md", import.meta.url), "utf8");
    expect(committed).toBe(diagramDocument());
  });

  it("draws every event of the generic machine and every status", () => {
    const text = toMermaid(EXAMPLE_DEFINITION);
    for (const type of DOSSIER_EVENT_TYPES.filter((t) => !["COMPLETE_STEP", "SEND_BACK", "REVIEW_SIGNED"].includes(t))) {
      expect(text).toContain(` : ${type} `);
    }
    for (let code = 1; code <= 10; code++) expect(text).toMatch(new RegExp(`· ${code} `));
  });

  it("follows the definition: steps, sending back and completing appear when the step list has them", () => {
    const text = toMermaid({
      id: "procedure:plain",
      version: 3,
      steps: [
        { key: "examination", name: "Thụ lý", role: "specialist", allowance: { amount: 1, unit: "workingDay" } },
        { key: "approval", name: "Phê duyệt", role: "leader", allowance: { amount: 1, unit: "workingDay" } },
      ],
    });
    expect(text).toContain("processing_examination --> processing_approval : COMPLETE_STEP (specialist)");
    expect(text).toContain("processing_approval --> processing_examination : SEND_BACK (leader)");
    // Without a payment step the fee can only be recorded at submission, as a self-transition (issue 9).
    expect(text.match(/FEE_PAID.*/g)).toEqual(["FEE_PAID (system or desk and feeNotYetPaid)", "FEE_PAID (system or desk and feeNotYetPaid)"]);
    expect(text).not.toMatch(/[;#]/);
  });

  it("a unit head's review step ends with her signature event, not a plain hand-over", () => {
    const text = toMermaid({
      id: "procedure:reviewed",
      version: 1,
      steps: [
        { key: "examination", name: "Thụ lý", role: "specialist", allowance: { amount: 1, unit: "workingDay" } },
        { key: "review", name: "Xem xét", role: "unitHead", allowance: { amount: 1, unit: "workingDay" } },
        { key: "approval", name: "Phê duyệt", role: "leader", allowance: { amount: 1, unit: "workingDay" } },
      ],
    });
    expect(text).toContain("processing_review --> processing_approval : REVIEW_SIGNED (unitHead)");
    expect(text).not.toContain("processing_review --> processing_approval : COMPLETE_STEP");
  });
});
