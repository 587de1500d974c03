import { useId, useState, type FormEvent } from "react";
import { create } from "@bufbuild/protobuf";
import { typeToString } from "@flyte-ts/idl";
import { ExecutionMetadata_ExecutionMode } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { LiteralMapSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { Parameter, ParameterMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { admin } from "../api/client";
import { errorMessage } from "../api/errors";
import { navigate } from "../router";
import { executionPath } from "../routes";
import { defaultText, fieldKind, parseInput, unwrapOptional } from "./input-fields";

interface Field {
  readonly name: string;
  readonly param: Parameter;
  readonly required: boolean;
}

function fieldsOf(parameters: ParameterMap | undefined): Field[] {
  return Object.entries(parameters?.parameters ?? {})
    .map(([name, param]) => ({
      name,
      param,
      required: param.behavior.case === "required" && param.behavior.value,
    }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}

const initialText = (f: Field): string => {
  const t = f.param.var?.type;
  if (!t) return "";
  const b = f.param.behavior;
  return defaultText(t, b.case === "default" ? b.value : undefined);
};

/** Checks every field (collecting every error, not just the first) and builds the inputs. */
function collect(fields: readonly Field[], text: Readonly<Record<string, string>>) {
  const errors: Record<string, string> = {};
  const inputs: Record<string, Literal> = {};
  for (const f of fields) {
    const t = f.param.var?.type;
    const s = text[f.name] ?? "";
    if (!t) continue;
    const kind = fieldKind(t);
    if (s.trim() === "" && kind !== "string") {
      if (f.required) errors[f.name] = "A value is required.";
      continue;
    }
    if (s === "" && kind === "string" && !f.required) continue;
    const r = parseInput(t, s);
    if (r.ok) inputs[f.name] = r.literal;
    else errors[f.name] = r.error;
  }
  return { errors, inputs };
}

/**
 * The launch form generated from typed inputs (a launch plan's expected inputs, or a task's
 * interface); creates an execution of `target` (a launch plan, or a task) and opens it.
 */
export function LaunchForm({ target, parameters }: { target: Identifier; parameters: ParameterMap | undefined }) {
  const fields = fieldsOf(parameters);
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, initialText(f)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const id = target;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitError(undefined);
    const r = collect(fields, text);
    setErrors(r.errors);
    const firstBad = fields.find((f) => r.errors[f.name]);
    if (firstBad) {
      document.getElementById(`${formId}-${firstBad.name}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const res = await admin.createExecution({
        project: id.project,
        domain: id.domain,
        spec: { launchPlan: id, metadata: { mode: ExecutionMetadata_ExecutionMode.MANUAL, principal: "console" } },
        inputs: create(LiteralMapSchema, { literals: r.inputs }),
      });
      const ex = res.id;
      if (ex) navigate(executionPath(ex.project, ex.domain, ex.name));
    } catch (err) {
      setSubmitError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Launch form" data-testid="launch-form">
      {fields.length === 0 ? (
        <p className="muted">No inputs to give.</p>
      ) : (
        <div className="form-grid">
          {fields.map((f) => (
            <InputField
              key={f.name}
              id={`${formId}-${f.name}`}
              field={f}
              value={text[f.name] ?? ""}
              error={errors[f.name]}
              onChange={(v) => setText((t) => ({ ...t, [f.name]: v }))}
            />
          ))}
        </div>
      )}
      {submitError && (
        <div className="state error" role="alert" data-testid="launch-error" style={{ marginTop: 12 }}>
          {submitError}
        </div>
      )}
      <div className="actions" style={{ marginTop: 16 }}>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Launching…" : "Launch"}
        </button>
      </div>
    </form>
  );
}

function InputField({
  id,
  field,
  value,
  error,
  onChange,
}: {
  id: string;
  field: Field;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const t = field.param.var?.type;
  const kind = t ? fieldKind(t) : "unsupported";
  const errId = `${id}-error`;
  const common = {
    id,
    name: field.name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errId : undefined,
    "aria-required": field.required || undefined,
  } as const;
  let control;
  switch (kind) {
    case "bool":
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
      break;
    case "enum": {
      const inner = t ? unwrapOptional(t).inner : undefined;
      const values = inner?.type.case === "enumType" ? inner.type.value.values : [];
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      );
      break;
    }
    case "json":
      control = <textarea {...common} rows={4} value={value} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "int":
    case "float":
    case "string":
    case "datetime":
    case "duration":
    case "blob":
    case "unsupported":
      control = (
        <input
          {...common}
          type="text"
          inputMode={kind === "int" || kind === "float" ? "decimal" : undefined}
          placeholder={PLACEHOLDER[kind]}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
  }
  return (
    <>
      <label htmlFor={id}>
        <span className="mono">{field.name}</span>
        {field.required && <span aria-hidden="true"> *</span>}
        <span className="hint mono">{typeToString(t)}</span>
        {field.param.var?.description && <span className="hint">{field.param.var.description}</span>}
      </label>
      <div>
        {control}
        {error && (
          <div id={errId} className="field-error" role="alert" data-testid={`error-${field.name}`}>
            {error}
          </div>
        )}
      </div>
    </>
  );
}

const PLACEHOLDER: Readonly<Record<string, string>> = {
  int: "42",
  float: "3.14",
  datetime: "2024-01-31T12:00:00Z",
  duration: "90s, 5m, 1h30m",
  blob: "s3://bucket/key or file:///path",
};
