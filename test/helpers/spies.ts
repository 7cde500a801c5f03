/**
 * Watching what a request touches: every call of the listed methods on a binding (with
 * its first argument, e.g. a KV key or an object name), passed through to the real one.
 */
export interface Spy<T> {
  binding: T;
  calls: { method: string; key: unknown }[];
}

export function spyOn<T extends object>(real: T, methods: readonly (keyof T & string)[]): Spy<T> {
  const spy: Spy<T> = { binding: undefined as unknown as T, calls: [] };
  spy.binding = new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      if (!(methods as readonly (string | symbol)[]).includes(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        spy.calls.push({ method: String(prop), key: args[0] });
        return Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
      };
    },
  });
  return spy;
}
