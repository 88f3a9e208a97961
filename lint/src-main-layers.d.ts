// Types for lint/src-main-layers.js (plain JavaScript so that eslint.config.js can load it).
export declare const mayImport: Readonly<Record<string, readonly string[]>>;
export declare function forbiddenFor(folder: string): string[];
export declare function allowedFilesFor(folder: string): string[];
