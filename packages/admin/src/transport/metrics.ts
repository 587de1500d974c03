/** A tiny Prometheus registry: counters and summed durations by labels. */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();

  inc(name: string, help: string, labels: Readonly<Record<string, string>>, by = 1): void {
    let metric = this.counters.get(name);
    if (!metric) {
      metric = { help, values: new Map() };
      this.counters.set(name, metric);
    }
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`)
      .join(",");
    metric.values.set(key, (metric.values.get(key) ?? 0) + by);
  }

  /** The text exposition format. */
  render(extra: Readonly<Record<string, number>> = {}): string {
    const lines: string[] = [];
    for (const [name, m] of this.counters) {
      lines.push(`# HELP ${name} ${m.help}`, `# TYPE ${name} counter`);
      for (const [labels, v] of m.values) lines.push(`${name}${labels ? `{${labels}}` : ""} ${v}`);
    }
    for (const [name, v] of Object.entries(extra)) lines.push(`# TYPE ${name} gauge`, `${name} ${v}`);
    return lines.join("\n") + "\n";
  }
}
