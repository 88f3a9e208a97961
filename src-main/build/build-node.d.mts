export declare const nodeEntries: Record<string, string>;
/** True when the last build into `outdir` is complete and newer than every input. */
export declare function isFresh(outdir: string): boolean;
export declare function buildNodeEntries(outdir?: string): Promise<void>;
export declare const cliCommands: readonly string[];
