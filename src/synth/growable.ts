/**
 * Growable typed-array columns: the generator appends millions of events without building
 * objects, then trims each column to its final length.
 */

type NumericArray = Float64Array | Int32Array | Int8Array;
type NumericCtor<A extends NumericArray> = new (n: number) => A;

/** An append-only numeric column backed by a typed array that doubles when full. */
export class GrowableColumn<A extends NumericArray> {
  private data: A;
  private size = 0;
  private readonly ctor: NumericCtor<A>;

  constructor(ctor: NumericCtor<A>, capacity = 1024) {
    this.ctor = ctor;
    this.data = new ctor(Math.max(16, capacity));
  }

  /** Number of values appended so far. */
  get length(): number {
    return this.size;
  }

  /** Appends one value and returns its index. */
  push(value: number): number {
    if (this.size === this.data.length) {
      const bigger = new this.ctor(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size] = value;
    return this.size++;
  }

  /** Value at index i (no bounds check beyond the typed array's). */
  get(i: number): number {
    return this.data[i]!;
  }

  /** Overwrites the value at index i < length. */
  set(i: number, value: number): void {
    this.data[i] = value;
  }

  /** A trimmed copy of the values appended so far. */
  toArray(): A {
    return this.data.slice(0, this.size) as A;
  }
}

/** A growable Float64Array column. */
export const growF64 = (capacity?: number): GrowableColumn<Float64Array> =>
  new GrowableColumn(Float64Array, capacity);
/** A growable Int32Array column. */
export const growI32 = (capacity?: number): GrowableColumn<Int32Array> =>
  new GrowableColumn(Int32Array, capacity);
/** A growable Int8Array column. */
export const growI8 = (capacity?: number): GrowableColumn<Int8Array> =>
  new GrowableColumn(Int8Array, capacity);
