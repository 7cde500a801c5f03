/**
 * Wraps a real binding with a failure switch: while `failing` is on, the listed methods
 * fail as the real service would when it is down (a rejected promise; a synchronous
 * throw for methods that are synchronous, like D1's prepare); otherwise every call goes
 * to the real binding untouched.
 */
export interface Switchable<T> {
  binding: T;
  failing: boolean;
  /** Holds every wrapped asynchronous call this long before it proceeds (slow, not dead). */
  delayMs: number;
  calls: Record<string, number>;
}

export function withFailureSwitch<T extends object>(
  real: T,
  methods: readonly (keyof T & string)[],
  error = "service unavailable (injected)",
  options: { sync?: readonly (keyof T & string)[] } = {},
): Switchable<T> {
  const state: Switchable<T> = { binding: undefined as unknown as T, failing: false, delayMs: 0, calls: {} };
  state.binding = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || typeof value !== "function") return value;
      if (!(methods as readonly string[]).includes(prop)) return value.bind(target);
      const sync = (options.sync as readonly string[] | undefined)?.includes(prop) ?? false;
      return (...args: unknown[]) => {
        state.calls[prop] = (state.calls[prop] ?? 0) + 1;
        if (state.failing) {
          if (sync) throw new Error(error);
          return Promise.reject(new Error(error));
        }
        if (state.delayMs > 0 && !sync) return new Promise((r) => setTimeout(r, state.delayMs)).then(() => value.apply(target, args));
        return value.apply(target, args);
      };
    },
  });
  return state;
}
