import type { BuildOptions } from 'esbuild';

export declare const nativePackages: string[];
export declare const bundleOptions: BuildOptions;
export declare const esmOutputOptions: BuildOptions;
