/**
 * The metrics counted on every request and run, kept in plain numbers and written in the Prometheus
 * text format on scrape. prom-client's own observe validates and hashes the labels and turns the bucket
 * bound into a property name on every call (~450 ns an observe, ~190 ns an inc, measured in a tight
 * loop; more on the request path); a series here is a reference held by the caller, and an observe is
 * a bucket search and three additions. The registry's other metrics stay with prom-client.
 */

/** One label set of a histogram. */
export class HistogramSeries {
  /** Observations per bucket, not cumulative; the +Inf bucket is `count`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const { bounds } = this;
    for (let index = 0; index < bounds.length; index++) {
      if (value <= (bounds[index] as number)) {
        this.counts[index] = (this.counts[index] as number) + 1;
        break;
      }
    }
    this.sum += value;
    this.count++;
  }
}

/** One label set of a counter. */
export class CounterSeries {
  value = 0;

  inc(): void {
    this.value++;
  }
}

abstract class Family<S> {
  readonly #series = new Map<string, { values: readonly string[]; series: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** The series of these label values (in `labelNames` order), created on first use. Not for the hot path: keep it. */
  series(...values: string[]): S {
    if (values.length !== this.labelNames.length) {
      throw new RangeError(`${this.name} takes ${this.labelNames.length} label values, not ${values.length}`);
    }
    const key = values.join('\u0000');
    let found = this.#series.get(key);
    if (found === undefined) {
      found = { values, series: this.create() };
      this.#series.set(key, found);
    }
    return found.series;
  }

  /** The family in the text exposition format (0.0.4), without a trailing newline. */
  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (const { values, series } of this.#series.values()) {
      const labels = this.labelNames.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
      this.lines(series, labels, lines);
    }
    return lines.join('\n');
  }

  protected abstract readonly type: 'histogram' | 'counter';
  protected abstract create(): S;
  protected abstract lines(series: S, labels: string[], into: string[]): void;
}

export class HistogramFamily extends Family<HistogramSeries> {
  protected readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    if (buckets.some((bound, index) => index > 0 && bound <= (buckets[index - 1] as number))) {
      throw new RangeError(`${name}: bucket bounds must increase`);
    }
  }

  protected create(): HistogramSeries {
    return new HistogramSeries(this.buckets);
  }

  protected lines(series: HistogramSeries, labels: string[], into: string[]): void {
    const rest = labels.length === 0 ? '' : `,${labels.join(',')}`;
    const own = braces(labels);
    let cumulative = 0;
    this.buckets.forEach((bound, index) => {
      cumulative += series.counts[index] as number;
      into.push(`${this.name}_bucket{le="${bound}"${rest}} ${cumulative}`);
    });
    into.push(`${this.name}_bucket{le="+Inf"${rest}} ${series.count}`);
    into.push(`${this.name}_sum${own} ${series.sum}`);
    into.push(`${this.name}_count${own} ${series.count}`);
  }
}

export class CounterFamily extends Family<CounterSeries> {
  protected readonly type = 'counter';

  protected create(): CounterSeries {
    return new CounterSeries();
  }

  protected lines(series: CounterSeries, labels: string[], into: string[]): void {
    into.push(`${this.name}${braces(labels)} ${series.value}`);
  }
}

function braces(labels: readonly string[]): string {
  return labels.length === 0 ? '' : `{${labels.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
