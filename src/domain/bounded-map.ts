/**
 * A Map for caches keyed by what callers send (header names, JSON keys): it empties itself when full, so
 * hostile input cannot grow it without bound, and the common keys come back after one miss each.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.capacity && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
