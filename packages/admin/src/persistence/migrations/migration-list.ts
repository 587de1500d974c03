import { migration0001 } from "./0001_init.js";
import { migration0002 } from "./0002_attributes_signals_catalog.js";
import { migration0003 } from "./0003_list_indexes.js";
import { migration0005 } from "./0005_catalog_tags_per_artifact.js";
import { migration0006 } from "./0006_schedule_states.js";
import { migration0007 } from "./0007_egress_outbox.js";
import type { Migration } from "./migration.js";

/** Every migration, oldest first. Append new ones; never edit or reorder applied ones. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0005,
  migration0006,
  migration0007,
];
