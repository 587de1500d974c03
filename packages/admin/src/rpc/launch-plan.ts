import { create } from "@bufbuild/protobuf";
import {
  LaunchPlanCreateResponseSchema,
  LaunchPlanUpdateResponseSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { LaunchPlanManager } from "../managers/launch-plan-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** CreateLaunchPlan, GetLaunchPlan, ListLaunchPlans, ListLaunchPlanIds, UpdateLaunchPlan, active plans. */
export function launchPlanRpcs(launchPlans: LaunchPlanManager): AdminImpl {
  return {
    async createLaunchPlan(req) {
      await launchPlans.create(req);
      return create(LaunchPlanCreateResponseSchema);
    },
    getLaunchPlan: (req) => launchPlans.get(req),
    listLaunchPlans: (req) => launchPlans.list(req),
    listLaunchPlanIds: (req) => launchPlans.listIds(req),
    async updateLaunchPlan(req) {
      await launchPlans.update(req);
      return create(LaunchPlanUpdateResponseSchema);
    },
    getActiveLaunchPlan: (req) => launchPlans.getActive(req),
    listActiveLaunchPlans: (req) => launchPlans.listActive(req),
  };
}
