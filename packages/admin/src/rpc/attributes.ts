import { create } from "@bufbuild/protobuf";
import {
  ProjectAttributesDeleteResponseSchema,
  ProjectAttributesGetResponseSchema,
  ProjectAttributesSchema,
  ProjectAttributesUpdateResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/project_attributes_pb";
import {
  ProjectDomainAttributesDeleteResponseSchema,
  ProjectDomainAttributesGetResponseSchema,
  ProjectDomainAttributesSchema,
  ProjectDomainAttributesUpdateResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/project_domain_attributes_pb";
import {
  WorkflowAttributesDeleteResponseSchema,
  WorkflowAttributesGetResponseSchema,
  WorkflowAttributesSchema,
  WorkflowAttributesUpdateResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/workflow_attributes_pb";
import type { AttributesManager } from "../managers/attributes-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** Update/Get/Delete ProjectDomainAttributes, ProjectAttributes, WorkflowAttributes; ListMatchableAttributes. */
export function attributesRpcs(attributes: AttributesManager): AdminImpl {
  const pd = (r: { project: string; domain: string }) => ({ project: r.project, domain: r.domain, workflow: "" });
  const p = (r: { project: string }) => ({ project: r.project, domain: "", workflow: "" });
  return {
    async updateProjectDomainAttributes(req) {
      const a = req.attributes;
      await attributes.update("project_domain", "UpdateProjectDomainAttributes", a && pd(a), a?.matchingAttributes);
      return create(ProjectDomainAttributesUpdateResponseSchema);
    },
    async getProjectDomainAttributes(req) {
      const matchingAttributes = await attributes.get(
        "project_domain",
        "GetProjectDomainAttributes",
        pd(req),
        req.resourceType,
      );
      return create(ProjectDomainAttributesGetResponseSchema, {
        attributes: create(ProjectDomainAttributesSchema, {
          project: req.project,
          domain: req.domain,
          matchingAttributes,
        }),
      });
    },
    async deleteProjectDomainAttributes(req) {
      await attributes.delete("project_domain", "DeleteProjectDomainAttributes", pd(req), req.resourceType);
      return create(ProjectDomainAttributesDeleteResponseSchema);
    },
    async updateProjectAttributes(req) {
      const a = req.attributes;
      await attributes.update("project", "UpdateProjectAttributes", a && p(a), a?.matchingAttributes);
      return create(ProjectAttributesUpdateResponseSchema);
    },
    async getProjectAttributes(req) {
      const matchingAttributes = await attributes.get("project", "GetProjectAttributes", p(req), req.resourceType);
      return create(ProjectAttributesGetResponseSchema, {
        attributes: create(ProjectAttributesSchema, { project: req.project, matchingAttributes }),
      });
    },
    async deleteProjectAttributes(req) {
      await attributes.delete("project", "DeleteProjectAttributes", p(req), req.resourceType);
      return create(ProjectAttributesDeleteResponseSchema);
    },
    async updateWorkflowAttributes(req) {
      const a = req.attributes;
      await attributes.update("workflow", "UpdateWorkflowAttributes", a, a?.matchingAttributes);
      return create(WorkflowAttributesUpdateResponseSchema);
    },
    async getWorkflowAttributes(req) {
      const matchingAttributes = await attributes.get("workflow", "GetWorkflowAttributes", req, req.resourceType);
      return create(WorkflowAttributesGetResponseSchema, {
        attributes: create(WorkflowAttributesSchema, {
          project: req.project,
          domain: req.domain,
          workflow: req.workflow,
          matchingAttributes,
        }),
      });
    },
    async deleteWorkflowAttributes(req) {
      await attributes.delete("workflow", "DeleteWorkflowAttributes", req, req.resourceType);
      return create(WorkflowAttributesDeleteResponseSchema);
    },
    listMatchableAttributes: (req) => attributes.list(req),
  };
}
