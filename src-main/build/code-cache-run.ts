// Whether this process is the build's cache-making run of an entry (code-cached-bundle.ts): a flag
// on a process-wide slot, because the entry and its bundle each hold their own copy of this module.
// The bundle then also runs code it would otherwise run only later — the CLI (cli-program.ts) the
// host protocol's answers, the token host (host-main.ts) its requests — so the cache holds it.
const slot = Symbol.for('yikey.writingCodeCache');
const flags = globalThis as { [slot]?: boolean };

export const markWritingCodeCache = (): void => void (flags[slot] = true);

export const isWritingCodeCache = (): boolean => flags[slot] === true;
