/**
 * A contract type as the web app receives it: JSON has no dates, so every `Date` of the server's
 * answer (a `z.date()` in a capability's schema.ts) arrives as an ISO string. The UI types its
 * answers as `Wire<z.infer<typeof Schema>>` — one contract, no hand-written copy.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
