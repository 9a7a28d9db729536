/**
 * A contract's type as the web app receives it: what `z.infer` gives for an answer, after JSON
 * serialisation (dates travel as ISO strings). `type UserOut = Json<z.infer<typeof User>>`.
 */
export type Json<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
