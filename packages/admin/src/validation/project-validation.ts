import { Project_ProjectState, type Project } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import { requireEnum, requireText, type Violations } from "./request-errors.js";

/** Flyte's limits (flyteadmin project validation). */
export const MAX_PROJECT_NAME_LENGTH = 64;
export const MAX_PROJECT_DESCRIPTION_LENGTH = 300;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export const PROJECT_STATES: Readonly<Record<number, string>> = {
  [Project_ProjectState.ACTIVE]: "ACTIVE",
  [Project_ProjectState.ARCHIVED]: "ARCHIVED",
  [Project_ProjectState.SYSTEM_GENERATED]: "SYSTEM_GENERATED",
  [Project_ProjectState.SYSTEM_ARCHIVED]: "SYSTEM_ARCHIVED",
};

/** A DNS-1123 label (lowercase letters, digits and '-', at most 63 characters): projects and domains. */
export function validateDnsLabel(v: Violations, field: string, value: string): void {
  if (!requireText(v, field, value)) return;
  if (value.length > 63 || !DNS_1123_LABEL.test(value)) {
    v.invalid(
      field,
      `${field} "${value}" must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`,
    );
  }
}

function validateLabels(v: Violations, field: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    if (key.length > 253 || !LABEL_KEY.test(key))
      v.invalid(`${field}.${key}`, `label key "${key}" is not a valid label name`);
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      v.invalid(
        `${field}.${key}`,
        `label "${key}" has an invalid value "${value}" (at most 63 letters, digits, '-', '_' or '.')`,
      );
    }
  }
}

/** Name, description and labels as both register and update accept them (`prefix` = `project.`). */
function validateProjectFields(v: Violations, prefix: string, p: Project, nameRequired: boolean): void {
  if (nameRequired) requireText(v, `${prefix}name`, p.name);
  if (p.name.length > MAX_PROJECT_NAME_LENGTH) {
    v.invalid(`${prefix}name`, `${prefix}name is longer than ${MAX_PROJECT_NAME_LENGTH} characters`);
  }
  if (p.description.length > MAX_PROJECT_DESCRIPTION_LENGTH) {
    v.invalid(
      `${prefix}description`,
      `${prefix}description is longer than ${MAX_PROJECT_DESCRIPTION_LENGTH} characters`,
    );
  }
  if (p.labels) validateLabels(v, `${prefix}labels`, p.labels.values);
  if (p.domains.length > 0) {
    v.invalid(
      `${prefix}domains`,
      `${prefix}domains must be empty: domains are configured for the whole system, not per project`,
    );
  }
  requireEnum(v, `${prefix}state`, p.state, PROJECT_STATES);
}

export function validateProjectRegistration(v: Violations, project: Project | undefined): project is Project {
  if (!project) {
    v.missing("project");
    return false;
  }
  validateDnsLabel(v, "project.id", project.id);
  validateProjectFields(v, "project.", project, true);
  return v.count === 0;
}

/** UpdateProject: empty name/description and absent labels keep the stored values (as Flyte). */
export function validateProjectUpdate(v: Violations, project: Project): void {
  requireText(v, "id", project.id);
  validateProjectFields(v, "", project, false);
}
