import { create } from "@bufbuild/protobuf";
import { areTypesCastable, InvalidArgumentError, literalTypeForLiteral } from "@flyte-ts/core";
import { typeToString } from "@flyte-ts/idl";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { LiteralMapSchema, type Literal, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ExecutionErrorCode } from "./execution-errors.js";

interface Problem {
  input: string;
  code: ExecutionErrorCode;
  message: string;
}

/**
 * Flyte's input resolution for CreateExecution (brief §9): every user input must be an expected
 * input of the launch plan (fixed inputs are not, and cannot be overridden) and castable to its
 * type; required inputs must be given; defaults fill the rest; fixed inputs are added last.
 * Throws INVALID_ARGUMENT naming every bad input (`details.input` names the first).
 */
export function resolveExecutionInputs(lp: LaunchPlan, user: LiteralMap | undefined): LiteralMap {
  const expected = lp.closure?.expectedInputs?.parameters ?? lp.spec?.defaultInputs?.parameters ?? {};
  const fixed = lp.spec?.fixedInputs?.literals ?? {};
  const given = user?.literals ?? {};
  const problems: Problem[] = [];
  const out: Record<string, Literal> = {};
  for (const [name, value] of Object.entries(given)) {
    const param = expected[name];
    if (!param) {
      const why = name in fixed ? "it is a fixed input of the launch plan" : "the launch plan has no such input";
      problems.push({ input: name, code: ExecutionErrorCode.UnknownInput, message: `invalid input ${name}: ${why}` });
      continue;
    }
    const want = param.var?.type;
    const got = literalTypeForLiteral(value);
    if (want && (!got || !areTypesCastable(got, want))) {
      problems.push({
        input: name,
        code: ExecutionErrorCode.InputTypeMismatch,
        message: `invalid input ${name}: expected ${typeToString(want)}, got ${got ? typeToString(got) : "a value of unknown type"}`,
      });
      continue;
    }
    out[name] = value;
  }
  for (const [name, param] of Object.entries(expected)) {
    if (name in out || name in given) continue;
    const behavior = param.behavior;
    if (behavior.case === "default" && behavior.value) out[name] = behavior.value;
    else if (behavior.case === "required" && behavior.value) {
      problems.push({
        input: name,
        code: ExecutionErrorCode.MissingInput,
        message: `invalid input ${name}: it is required`,
      });
    }
  }
  for (const [name, value] of Object.entries(fixed)) out[name] = value;
  const first = problems[0];
  if (first) {
    const message =
      problems.length === 1
        ? first.message
        : `${problems.length} bad inputs:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`;
    throw new InvalidArgumentError(message, {
      code: first.code,
      details: { input: first.input, inputs: problems.map((p) => p.input).join(",") },
    });
  }
  return create(LiteralMapSchema, { literals: out });
}
