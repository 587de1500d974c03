import { create } from "@bufbuild/protobuf";
import {
  ProjectRegisterResponseSchema,
  ProjectUpdateResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import type { ProjectManager } from "../managers/project-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** RegisterProject, GetProject, ListProjects, UpdateProject, GetDomains. */
export function projectRpcs(projects: ProjectManager): AdminImpl {
  return {
    async registerProject(req) {
      await projects.register(req.project);
      return create(ProjectRegisterResponseSchema);
    },
    getProject: (req) => projects.get(req.id),
    listProjects: (req) => projects.list(req),
    async updateProject(req) {
      await projects.update(req);
      return create(ProjectUpdateResponseSchema);
    },
    getDomains: () => projects.domains(),
  };
}
