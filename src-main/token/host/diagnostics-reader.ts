// Reads what the diagnostics report (诊断) needs from the module: C_GetInfo, every slot (empty
// ones too: C_GetSlotList(CK_FALSE)), each token's public info and its mechanisms. It opens no
// session and never logs in, so it cannot cost a PIN try or touch a login in progress. One slot
// that fails is reported with its error; the others are still read.
import type pkcs11js from 'pkcs11js';
import {
  maxDiagnosticMechanisms,
  maxDiagnosticSlots,
  type MechanismDiagnostics,
  type ModuleDiagnostics,
  type SlotDiagnostics,
  type TokenDiagnostics,
} from '../../contract/module-diagnostics-schemas';
import type { ModuleInfo } from '../../contract/token-types';
import { ckrToError } from '../ckr-to-error';
import { mechanismFlagNames, mechanismName, slotFlagNames, tokenFlagNames } from './pkcs11-names';
import { pkcs11Text } from './pkcs11-text';
import { slotIdOf } from './slot-id';

const version = (value: { major: number; minor: number }): string => `${value.major}.${value.minor}`;
const hex = (value: number): string => `0x${value.toString(16)}`;

export function readLibraryInfo(library: pkcs11js.PKCS11, path: string): ModuleInfo {
  const raw = library.C_GetInfo();
  return {
    path,
    manufacturer: pkcs11Text(raw.manufacturerID),
    description: pkcs11Text(raw.libraryDescription),
    cryptokiVersion: version(raw.cryptokiVersion),
    libraryVersion: version(raw.libraryVersion),
  };
}

function readMechanisms(
  library: pkcs11js.PKCS11,
  slot: Buffer,
): Pick<TokenDiagnostics, 'mechanisms' | 'mechanismsError'> {
  let types: number[];
  try {
    types = library.C_GetMechanismList(slot).slice(0, maxDiagnosticMechanisms);
  } catch (error) {
    return { mechanisms: [], mechanismsError: ckrToError(error, 'C_GetMechanismList').toJSON() };
  }
  const mechanisms = types.map((type): MechanismDiagnostics => {
    try {
      const info = library.C_GetMechanismInfo(slot, type);
      return {
        type: hex(type),
        name: mechanismName(type),
        minKeySize: info.minKeySize,
        maxKeySize: info.maxKeySize,
        flags: mechanismFlagNames(info.flags),
      };
    } catch {
      // Listed but not described: still worth showing that the token offers it.
      return { type: hex(type), name: mechanismName(type), minKeySize: 0, maxKeySize: 0, flags: [] };
    }
  });
  return { mechanisms, mechanismsError: null };
}

function readToken(library: pkcs11js.PKCS11, slot: Buffer): TokenDiagnostics {
  const info = library.C_GetTokenInfo(slot);
  return {
    label: pkcs11Text(info.label),
    serial: pkcs11Text(info.serialNumber),
    manufacturer: pkcs11Text(info.manufacturerID),
    model: pkcs11Text(info.model),
    flags: tokenFlagNames(info.flags),
    minPinLength: info.minPinLen,
    maxPinLength: info.maxPinLen,
    hardwareVersion: version(info.hardwareVersion),
    firmwareVersion: version(info.firmwareVersion),
    ...readMechanisms(library, slot),
  };
}

function readSlot(library: pkcs11js.PKCS11, slot: Buffer): SlotDiagnostics {
  const slotId = slotIdOf(slot);
  let info: pkcs11js.SlotInfo;
  try {
    info = library.C_GetSlotInfo(slot);
  } catch (error) {
    return {
      slotId,
      description: '',
      manufacturer: '',
      flags: [],
      hardwareVersion: '',
      firmwareVersion: '',
      token: null,
      tokenError: ckrToError(error, 'C_GetSlotInfo').toJSON(),
    };
  }
  const base = {
    slotId,
    description: pkcs11Text(info.slotDescription),
    manufacturer: pkcs11Text(info.manufacturerID),
    flags: slotFlagNames(info.flags),
    hardwareVersion: version(info.hardwareVersion),
    firmwareVersion: version(info.firmwareVersion),
  };
  const tokenPresent = (info.flags & 0x1) !== 0; // CKF_TOKEN_PRESENT
  if (!tokenPresent) return { ...base, token: null, tokenError: null };
  try {
    return { ...base, token: readToken(library, slot), tokenError: null };
  } catch (error) {
    return { ...base, token: null, tokenError: ckrToError(error, 'C_GetTokenInfo').toJSON() };
  }
}

export function readModuleDiagnostics(library: pkcs11js.PKCS11, path: string): ModuleDiagnostics {
  let slots: Buffer[];
  try {
    slots = library.C_GetSlotList(false);
  } catch (error) {
    throw ckrToError(error, 'C_GetSlotList');
  }
  return {
    library: readLibraryInfo(library, path),
    slots: slots.slice(0, maxDiagnosticSlots).map((slot) => readSlot(library, slot)),
  };
}
