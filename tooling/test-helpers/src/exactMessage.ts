/**
 * `toThrow(exactMessage(m))`: the thrown message is exactly `m`, whatever the error's class (jest's
 * `toThrow(string)` accepts any message containing `m`; `toThrow(new RangeError(m))` also pins the class, which the
 * validation layer's one `ValidationError` changed for every argument check).
 */
export function exactMessage(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
