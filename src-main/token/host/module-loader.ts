// Loads a PKCS#11 library into this (token host) process and initialises it. A path that
// is missing, not a shared library, or a library without C_GetFunctionList each gets its own
// clear error, so the settings screen can say exactly what is wrong.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import pkcs11js from './pkcs11-addon';
import type { ModuleInfo } from '../../contract/token-types';
import { YiKeyError } from '../../contract/yikey-error';
import { ckrToError } from '../ckr-to-error';
import { assertModuleFileSafe, assertModulePathAbsolute } from '../module-file-safety';
import { readLibraryInfo } from './diagnostics-reader';

const sharedLibraryMagics = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF (Linux)
  Buffer.from([0x4d, 0x5a]), // MZ (Windows DLL)
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), // Mach-O 64-bit
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]), // Mach-O universal
];

function assertLooksLikeSharedLibrary(path: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new YiKeyError('module-not-pkcs11', `${path} is not a file`, { path });
    size = stat.size;
  } catch (error) {
    if (error instanceof YiKeyError) throw error;
    throw new YiKeyError('module-not-found', `PKCS#11 module not found: ${path}`, { path });
  }
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 4 || !sharedLibraryMagics.some((magic) => head.subarray(0, magic.length).equals(magic))) {
    throw new YiKeyError(
      'module-not-pkcs11',
      `${path} is not a shared library, so it cannot be a PKCS#11 module`,
      {
        path,
      },
    );
  }
}

export function loadPkcs11Module(path: string): { library: pkcs11js.PKCS11; info: ModuleInfo } {
  assertModulePathAbsolute(path);
  assertLooksLikeSharedLibrary(path);
  // Every door (settings, --module, YIKEY_PKCS11_MODULE, the vendor table) ends here, so the
  // check that decides whether code may run in this process sits right before dlopen.
  const checkedPath = assertModuleFileSafe(path);
  const library = new pkcs11js.PKCS11();
  try {
    library.load(checkedPath);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const missingEntryPoint = /C_GetFunctionList|symbol/i.test(detail);
    throw new YiKeyError(
      missingEntryPoint ? 'module-not-pkcs11' : 'module-load-failed',
      missingEntryPoint
        ? `${path} is a library but not a PKCS#11 module (no C_GetFunctionList)`
        : `Could not load the PKCS#11 module ${path}: ${detail}`,
      { path },
    );
  }
  try {
    library.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test(String(error))) throw ckrToError(error, 'C_Initialize');
  }
  return { library, info: readLibraryInfo(library, path) };
}
