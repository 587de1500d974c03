import type { Entity } from "@flyte-ts/sdk";

type NamingSnapshot = Readonly<Entity["naming"]>;

/**
 * Gives every unnamed entity a temporary name (`local.<shortName>`, made unique) so it can be
 * serialized for a local run, and puts the original naming back afterwards: a local run never
 * changes how a later `flyte package` names things.
 */
export class LocalNames {
  readonly #saved = new Map<Entity, NamingSnapshot>();
  readonly #taken = new Set<string>();

  name(entities: Iterable<Entity>): void {
    const list = [...entities];
    for (const e of list) if (e.name !== undefined) this.#taken.add(`${e.kind}:${e.name}`);
    for (const e of list) {
      if (e.reference || this.#saved.has(e)) continue;
      this.#saved.set(e, { ...e.naming });
      if (e.name !== undefined) {
        // Named but not exported: serialization still wants a module and export to point at.
        if (e.naming.modulePath === undefined || e.naming.exportName === undefined) {
          e.naming.modulePath ??= "local.ts";
          e.naming.exportName ??= e.shortName.replace(/[^A-Za-z0-9_]/g, "_") || e.kind;
        }
        continue;
      }
      let base = e.shortName.replace(/[^A-Za-z0-9_]/g, "_") || e.kind;
      if (this.#taken.has(`${e.kind}:local.${base}`)) {
        let i = 2;
        while (this.#taken.has(`${e.kind}:local.${base}_${i}`)) i++;
        base = `${base}_${i}`;
      }
      e.naming.module = "local";
      e.naming.modulePath = "local.ts";
      e.naming.exportName = base;
      this.#taken.add(`${e.kind}:local.${base}`);
    }
  }

  restore(): void {
    for (const [e, snap] of this.#saved) {
      const naming = e.naming as Record<string, unknown>;
      for (const k of Object.keys(naming)) delete naming[k];
      Object.assign(naming, snap);
    }
    this.#saved.clear();
  }
}
