// A shared library whose ELF constructor writes a marker file: proof of whether a path was
// ever dlopen'ed (the constructor runs inside dlopen, before any PKCS#11 symbol is looked up).
// Built with the system C compiler into the given folder.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export function buildMarkerLibrary(directory: string, name: string, markerPath: string): string {
  const source = path.join(directory, `${name}.c`);
  const library = path.join(directory, `${name}.so`);
  writeFileSync(
    source,
    [
      '#include <stdio.h>',
      '__attribute__((constructor)) static void ran(void) {',
      `  FILE *marker = fopen(${JSON.stringify(markerPath)}, "w");`,
      '  if (marker) { fputs("constructor ran\\n", marker); fclose(marker); }',
      '}',
      '',
    ].join('\n'),
  );
  execFileSync('cc', ['-shared', '-fPIC', '-o', library, source]);
  return library;
}
