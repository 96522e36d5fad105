/**
 * The dossier statechart as a Mermaid stateDiagram-v2, read from the built machine's state nodes,
 * so the drawing cannot say something the machine does not do. `docs/dossier-statechart.md` is
 * this module's output for `EXAMPLE_DEFINITION`; a test fails when the two differ.
 *
 * Regenerate: `npx tsx workflows/diagram.ts` (writes docs/dossier-statechart.md).
 */
import { pathToFileURL } from "node:url";
import { buildDossierMachine, type WorkflowDefinition } from "./dossier-machine";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "./dossier-status";

/** A liên thông procedure with a fee: commune examination, district, fee, commune approval. */
export const EXAMPLE_DEFINITION: WorkflowDefinition = {
  id: "procedure:example",
  version: 1,
  steps: [
    { key: "examination", name: "Thụ lý, thẩm định", role: "specialist", allowance: { amount: 2, unit: "workingDay" }, unit: "phong-chuyen-mon" },
    { key: "district", name: "Liên thông cấp huyện", role: "specialist", allowance: { amount: 5, unit: "workingDay" }, kind: "forward", unit: "huyen" },
    { key: "fee", name: "Nộp phí, lệ phí", role: "citizen", allowance: { amount: 3, unit: "workingDay" }, kind: "payment" },
    { key: "approval", name: "Phê duyệt, ký số", role: "leader", allowance: { amount: 1, unit: "workingDay" } },
  ],
};

// The parts of XState's StateNode this walk reads; kept structural so the walk states its needs.
type Guard = string | { type: string; params?: Record<string, unknown> } | ((...args: never[]) => unknown);
type TransitionNode = {
  eventType: string;
  guard?: Guard;
  target?: ReadonlyArray<{ path: string[] }>;
  actions: ReadonlyArray<unknown>;
};
type StateNodeLike = {
  key: string;
  path: string[];
  type: string;
  tags: string[];
  config: { initial?: unknown };
  states: Record<string, StateNodeLike>;
  transitions: Map<string, TransitionNode[]>;
};

const nodeId = (path: readonly string[]) => path.join("_");
// Mermaid ends a statement at ";" and reads "#", braces and quotes as syntax.
const clean = (text: string) => text.replace(/[;#{}"]/g, " ").replace(/\s+/g, " ").trim();

function describeGuard(guard: Guard | undefined): string {
  if (guard === undefined) return "";
  if (typeof guard === "string") return GUARD_WORDS[guard] ?? guard;
  if (typeof guard === "function") {
    const parts = (guard as unknown as { guards?: Guard[] }).guards;
    return parts ? parts.map(describeGuard).join(" and ") : "?";
  }
  const params = guard.params ?? {};
  switch (guard.type) {
    case "roleIs":
      return String(params.role);
    case "roleIn":
      return (params.roles as string[]).join(" or ");
    case "resumesAt":
      return `back to ${String(params.resumeAt)}`;
    default:
      return GUARD_WORDS[guard.type] ?? guard.type;
  }
}

const GUARD_WORDS: Record<string, string> = {
  hasSupplementDeadline: "deadline set",
  forwardedOnward: "forwarded onward",
  sealerMatches: "the sealer the agency named",
};

function effectNames(actions: ReadonlyArray<unknown>): string[] {
  return actions.flatMap((action) => {
    if (typeof action !== "object" || action === null) return [];
    const { type, params } = action as { type?: string; params?: unknown };
    if (type !== "effect" || params == null) return [];
    if (typeof params === "function") {
      const { effectType, onlyIf } = params as { effectType?: string; onlyIf?: string };
      return [`${effectType ?? "?"}${onlyIf ? ` if ${onlyIf}` : ""}`];
    }
    return [(params as { type: string }).type];
  });
}

function label(transition: TransitionNode): string {
  const guard = describeGuard(transition.guard);
  const effects = effectNames(transition.actions);
  return clean(`${transition.eventType}${guard ? ` (${guard})` : ""}${effects.length ? ` / ${effects.join(", ")}` : ""}`);
}

function stateLabel(node: StateNodeLike, stepNames: Map<string, string>): string {
  const status = node.tags.find((t) => t.startsWith("status:"));
  const code = status ? (Number(status.slice("status:".length)) as DossierStatusCode) : null;
  const name = node.path.length > 1 ? (stepNames.get(node.key) ?? node.key) : node.key;
  return clean(code === null ? name : `${name} · ${code} ${DOSSIER_STATUS_NAMES[code]}`);
}

/** Mermaid stateDiagram-v2 text of the machine built from `definition`. */
export function toMermaid(definition: WorkflowDefinition): string {
  const root = buildDossierMachine(definition).root as unknown as StateNodeLike;
  const stepNames = new Map(definition.steps.map((s) => [s.key, s.name]));
  const lines: string[] = ["stateDiagram-v2"];
  const crossing: string[] = [];

  const walk = (node: StateNodeLike, indent: string) => {
    const children = Object.values(node.states);
    const initial = typeof node.config.initial === "string" ? node.config.initial : undefined;
    if (initial) lines.push(`${indent}[*] --> ${nodeId([...node.path, initial])}`);
    for (const child of children) {
      const id = nodeId(child.path);
      if (Object.keys(child.states).length > 0) {
        lines.push(`${indent}state ${id} {`);
        walk(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${stateLabel(child, stepNames)}" as ${id}`);
      }
    }
    for (const child of children) {
      for (const transitions of child.transitions.values()) {
        for (const transition of transitions) {
          const to = transition.target?.[0];
          const target = to ? nodeId(to.path) : nodeId(child.path);
          const line = `${nodeId(child.path)} --> ${target} : ${label(transition)}`;
          // Mermaid keeps a state in the last block that names it, so edges that cross a block's
          // border are written at the top level, after every block.
          const sameParent = !to || to.path.slice(0, -1).join(".") === child.path.slice(0, -1).join(".");
          if (sameParent && node.path.length > 0) lines.push(`${indent}${line}`);
          else crossing.push(line);
        }
      }
      if (child.type === "final") crossing.push(`${nodeId(child.path)} --> [*]`);
    }
  };
  walk(root, "  ");
  lines.push(...crossing.map((line) => `  ${line}`));
  return `${lines.join("\n")}\n`;
}

/** The committed document: an explanation and the diagram of `EXAMPLE_DEFINITION`. */
export function diagramDocument(): string {
  return `# The dossier statechart

Generated by \`npx tsx workflows/diagram.ts\` from the machine that \`workflows/dossier-machine.ts\`
builds for an example step list; do not edit by hand (\`workflows/diagram.test.ts\` fails when this
file and the machine disagree). ADRs 0002 and 0004 explain the design.

The example (\`EXAMPLE_DEFINITION\` in \`workflows/diagram.ts\`, ${EXAMPLE_DEFINITION.id} v${EXAMPLE_DEFINITION.version}):
${EXAMPLE_DEFINITION.steps.map((s) => `- \`${s.key}\` — ${s.name}: ${s.kind ?? "process"}, role ${s.role}${s.unit ? `, unit ${s.unit}` : ""}`).join("\n")}

Every state shows its status code (DOMAIN.md §4); each transition reads
\`EVENT (who may send it) / effects it asks for\`. A transition from \`processing\` applies in
every step. Transitions that go nowhere (APOLOGISE, an onward FORWARD) keep the dossier where it is.

\`\`\`mermaid
${toMermaid(EXAMPLE_DEFINITION)}\`\`\`
`;
}

async function main() {
  const { writeFile } = await import("node:fs/promises");
  const target = new URL("../docs/dossier-statechart.md", import.meta.url);
  await writeFile(target, diagramDocument());
  console.log(`wrote ${target.pathname}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
