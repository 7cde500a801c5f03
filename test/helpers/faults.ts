/**
 * Wraps a real binding with a failure switch: while `failing` is on, the listed methods
 * reject as the real service would when it is down; otherwise every call goes to the
 * real binding untouched.
 */
export interface Switchable<T> {
  binding: T;
  failing: boolean;
  /** Holds every wrapped call this long before it proceeds (a slow, not a dead, service). */
  delayMs: number;
  calls: Record<string, number>;
}

export function withFailureSwitch<T extends object>(real: T, methods: readonly (keyof T & string)[], error = "service unavailable (injected)"): Switchable<T> {
  const state: Switchable<T> = { binding: undefined as unknown as T, failing: false, delayMs: 0, calls: {} };
  state.binding = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || typeof value !== "function") return value;
      if (!(methods as readonly string[]).includes(prop)) return value.bind(target);
      return async (...args: unknown[]) => {
        state.calls[prop] = (state.calls[prop] ?? 0) + 1;
        if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
        if (state.failing) throw new Error(error);
        return value.apply(target, args);
      };
    },
  });
  return state;
}
