import { create } from "@bufbuild/protobuf";
import { areTypesCastable, literalTypeForScalar } from "@flyte-ts/core";
import { typeToString } from "@flyte-ts/idl";
import {
  VariableMapSchema,
  VariableSchema,
  type Variable,
  type VariableMap,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { Binding, BindingData, Scalar } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  LiteralTypeSchema,
  SimpleType,
  type LiteralType,
  type OutputReference,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { CompileErrorCode, ErrorSink } from "../errors.js";
import { START_NODE_ID } from "../ids.js";
import type { WorkflowContext } from "../workflow/context.js";
import { EdgeDirection, type NodeState } from "../workflow/node-state.js";
import { findEffectiveOutput } from "./outputs.js";
import { parseVarName } from "./var-name.js";

/** Where a binding is being checked: the node, its input, and the sink errors go to. */
interface Site {
  readonly ctx: WorkflowContext;
  readonly nodeId: string;
  readonly param: string;
  readonly errs: ErrorSink;
  readonly validateTypes: boolean;
}

interface Resolved {
  readonly type: LiteralType | undefined;
  /** Producer node ids this binding depends on. */
  readonly upstream: readonly string[];
}

const UNTYPED = create(LiteralTypeSchema, { type: { case: "simple", value: SimpleType.NONE } });

/**
 * Validates `bindings` of node `s` against `params` (propeller's `ValidateBindings`): every binding
 * names a declared input (when `validateParamTypes`), is bound once, and type-checks; every required
 * (non-optional) param is bound. Edges to producers are recorded in `direction`. Returns the types
 * the bindings resolved to (used to discover branch and approve-gate inputs).
 */
export function validateBindings(
  ctx: WorkflowContext,
  s: NodeState,
  bindings: readonly Binding[],
  params: VariableMap | undefined,
  validateParamTypes: boolean,
  direction: EdgeDirection,
): { resolved: VariableMap; ok: boolean } {
  const errs = ctx.shared.errors;
  const before = errs.count;
  const id = s.node.id;
  const declared = params?.variables ?? {};
  const resolved = create(VariableMapSchema);
  const provided = new Set<string>();
  for (const b of bindings) {
    const param: Variable | undefined = declared[b.var];
    if (param === undefined && validateParamTypes) {
      const known = Object.keys(declared).join(", ") || "none";
      errs.add(
        CompileErrorCode.VariableNameNotFound,
        id,
        `node ${id}: binds '${b.var}', but the node has no input named '${b.var}' (inputs: ${known})`,
        b.var,
      );
    } else if (!b.binding) {
      errs.add(CompileErrorCode.ValueRequired, id, `node ${id}: the binding for input '${b.var}' has no value`, b.var);
    } else if (provided.has(b.var)) {
      errs.add(
        CompileErrorCode.ParameterBoundMoreThanOnce,
        id,
        `node ${id}: input '${b.var}' is bound more than once`,
        b.var,
      );
    } else {
      provided.add(b.var);
      const site: Site = { ctx, nodeId: id, param: b.var, errs, validateTypes: validateParamTypes };
      const r = validateBinding(site, b.binding, param?.type ?? UNTYPED);
      if (r) {
        for (const up of r.upstream) {
          if (direction === EdgeDirection.Both) ctx.addExecutionEdge(up, id);
          else ctx.addUpstreamEdge(up, id);
        }
        resolved.variables[b.var] = create(VariableSchema, r.type ? { type: r.type } : {});
      }
    }
  }
  for (const [name, v] of Object.entries(declared)) {
    if (!provided.has(name) && !isOptional(v.type)) {
      errs.add(
        CompileErrorCode.ParameterNotBound,
        id,
        `node ${id}: required input '${name}' (${typeToString(v.type)}) is not bound`,
        name,
      );
    }
  }
  return { resolved, ok: errs.count === before };
}

/** An input may stay unbound when its type is a union with a NONE variant (Optional[T]). */
export function isOptional(t: LiteralType | undefined): boolean {
  if (t?.type.case !== "unionType") return false;
  return t.type.value.variants.some((v) => v.type.case === "simple" && v.type.value === SimpleType.NONE);
}

function validateBinding(site: Site, binding: BindingData, expected: LiteralType): Resolved | undefined {
  const v = binding.value;
  if (expected.type.case === "unionType" && (v.case === "collection" || v.case === "map")) {
    return resolveThroughUnion(site, binding, expected, expected.type.value.variants);
  }
  const before = site.errs.count;
  switch (v.case) {
    case "collection":
    case "map": {
      const wanted = v.case === "collection" ? "collectionType" : "mapValueType";
      if (expected.type.case !== wanted) {
        mismatchingBindings(site, expected, v.case === "collection" ? "a list" : "a map");
        return undefined;
      }
      const inner = expected.type.value;
      const members = v.case === "collection" ? v.value.bindings : Object.values(v.value.bindings);
      const upstream: string[] = [];
      let sub: LiteralType | undefined;
      for (const m of members) {
        const r = validateBinding(site, m, inner);
        if (r) {
          upstream.push(...r.upstream);
          sub = r.type;
        }
      }
      if (site.errs.count !== before) return undefined;
      const type = create(LiteralTypeSchema, { type: { case: wanted, value: sub ?? create(LiteralTypeSchema) } });
      return { type, upstream };
    }
    case "promise":
      return validatePromise(site, v.value, expected);
    case "scalar":
      return validateScalar(site, v.value, expected);
    case "offloadedMetadata": {
      const inferred = v.value.inferredType;
      if (inferred && site.validateTypes && !areTypesCastable(inferred, expected)) {
        mismatch(site, expected, inferred, "an offloaded literal");
        return undefined;
      }
      return { type: inferred, upstream: [] };
    }
    case undefined:
      mismatchingBindings(site, expected, "nothing");
      return undefined;
  }
}

/** A list or map bound to a union input must match exactly one variant. */
function resolveThroughUnion(
  site: Site,
  binding: BindingData,
  expected: LiteralType,
  variants: readonly LiteralType[],
): Resolved | undefined {
  let match: { variant: LiteralType; r: Resolved } | undefined;
  for (const variant of variants) {
    const r = validateBinding({ ...site, errs: new ErrorSink() }, binding, variant);
    if (!r) continue;
    if (match) {
      site.errs.add(
        CompileErrorCode.AmbiguousBindingUnionValue,
        site.nodeId,
        `node ${site.nodeId}: input '${site.param}' of type ${typeToString(expected)} is bound to a ${kindOf(binding)} that matches more than one variant (${typeToString(match.variant)} and ${typeToString(variant)})`,
        site.param,
      );
      return undefined;
    }
    match = { variant, r };
  }
  if (match) return match.r;
  site.errs.add(
    CompileErrorCode.IncompatibleBindingUnionValue,
    site.nodeId,
    `node ${site.nodeId}: input '${site.param}' of type ${typeToString(expected)} is bound to a ${kindOf(binding)} that matches none of its variants`,
    site.param,
  );
  return undefined;
}

function kindOf(b: BindingData): string {
  return b.value.case === "map" ? "map" : "list";
}

function validatePromise(site: Site, ref: OutputReference, expected: LiteralType): Resolved | undefined {
  const { ctx, nodeId, param, errs } = site;
  const upId = ref.nodeId === "" ? START_NODE_ID : ref.nodeId;
  const up = ctx.getNode(upId);
  if (!up) {
    errs.add(
      CompileErrorCode.NodeReferenceNotFound,
      nodeId,
      `node ${nodeId}: input '${param}' is bound to ${upId}.${ref.var}, but the workflow has no node '${upId}'`,
      param,
    );
    return undefined;
  }
  const parsed = parseVarName(ref.var);
  if (!parsed) {
    errs.add(
      CompileErrorCode.SyntaxError,
      nodeId,
      `node ${nodeId}: input '${param}' refers to output '${ref.var}' of ${upId}, which is not a valid variable name (use name or name[index])`,
      param,
    );
    return undefined;
  }
  // The producer's interface failed to resolve: its own errors say why; nothing more to check here.
  if (!up.iface) return undefined;
  const out = findEffectiveOutput(up, parsed.name);
  if (!out) {
    const known = Object.keys(up.iface.outputs?.variables ?? {}).join(", ") || "none";
    errs.add(
      CompileErrorCode.VariableNameNotFound,
      nodeId,
      `node ${nodeId}: input '${param}' is bound to ${upId}.${parsed.name}, but node ${upId} has no output '${parsed.name}' (outputs: ${known})`,
      param,
    );
    return undefined;
  }
  let source = out.type ?? UNTYPED;
  const label = `${upId}.${ref.var}`;
  if (parsed.index !== undefined) {
    if (source.type.case !== "collectionType") {
      mismatch(site, expected, source, `${label} (indexing a non-list)`);
      return undefined;
    }
    source = source.type.value;
  }
  let path = label;
  for (const attr of ref.attrPath) {
    const key = attr.value.case === "intValue" ? String(attr.value.value) : (attr.value.value ?? "");
    path += attr.value.case === "intValue" ? `[${key}]` : `.${key}`;
    if (source.type.case === "collectionType" || source.type.case === "mapValueType") {
      source = source.type.value;
    } else if (source.structure && Object.keys(source.structure.dataclassType).length > 0) {
      const field = source.structure.dataclassType[key];
      if (!field) {
        errs.add(
          CompileErrorCode.FieldNotFound,
          nodeId,
          `node ${nodeId}: input '${param}' is bound to ${path}, but ${typeToString(source)} has no field '${key}'`,
          param,
        );
        return undefined;
      }
      source = field;
    }
  }
  if (site.validateTypes && !areTypesCastable(source, expected)) {
    mismatch(site, expected, source, path);
    return undefined;
  }
  ref.nodeId = up.node.id;
  return { type: out.type, upstream: [up.node.id] };
}

function validateScalar(site: Site, scalar: Scalar, expected: LiteralType): Resolved | undefined {
  const { nodeId, param, errs } = site;
  const t = literalTypeForScalar(scalar);
  const before = errs.count;
  if (!t) {
    errs.add(
      CompileErrorCode.UnrecognizedValue,
      nodeId,
      `node ${nodeId}: input '${param}' is bound to a constant whose type cannot be determined (${scalar.value.case ?? "empty"})`,
      param,
    );
  } else if (site.validateTypes && !areTypesCastable(t, expected)) {
    mismatch(site, expected, t, "a constant");
  }
  if (expected.type.case === "enumType") {
    const value =
      scalar.value.case === "primitive" && scalar.value.value.value.case === "stringValue"
        ? scalar.value.value.value.value
        : "";
    const allowed = expected.type.value.values;
    if (!allowed.includes(value)) {
      errs.add(
        CompileErrorCode.IllegalEnumValue,
        nodeId,
        `node ${nodeId}: input '${param}' is bound to '${value}', which is not one of the enum values [${allowed.join(", ")}]`,
        param,
      );
    }
  }
  return errs.count === before ? { type: t, upstream: [] } : undefined;
}

function mismatch(site: Site, expected: LiteralType, actual: LiteralType, source: string): void {
  site.errs.add(
    CompileErrorCode.MismatchingTypes,
    site.nodeId,
    `node ${site.nodeId}: input '${site.param}' expects ${typeToString(expected)} but is bound to ${source} of type ${typeToString(actual)}`,
    site.param,
  );
}

function mismatchingBindings(site: Site, expected: LiteralType, what: string): void {
  site.errs.add(
    CompileErrorCode.MismatchingBindings,
    site.nodeId,
    `node ${site.nodeId}: input '${site.param}' expects ${typeToString(expected)} but is bound to ${what}`,
    site.param,
  );
}
