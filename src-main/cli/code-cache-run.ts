// Whether this process is the build's cache-making run of the CLI (built-cli-entry.ts): a flag on
// a process-wide slot, because the entry and the CLI's bundle each hold their own copy of this
// module. cli-program.ts then also runs what a command runs after its help (the host protocol's
// schemas), so that the command's code cache holds it.
const slot = Symbol.for('yikey.writingCodeCache');
const flags = globalThis as { [slot]?: boolean };

export const markWritingCodeCache = (): void => void (flags[slot] = true);

export const isWritingCodeCache = (): boolean => flags[slot] === true;
