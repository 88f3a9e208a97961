// A value made the first time it is asked for, then kept. For zod schemas: each costs time to
// build (~0.05 ms, plus zod's set-up), and the CLI and the token host start for one command, so
// they build only the schemas that command's messages need (issue 11). Pure module.

/** `build` runs at the first call of the returned function; every call returns that one value. */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
