// Creating virtual keys and the objects on them. A new key is assembled in a hidden staging
// directory and renamed into keys/ only when complete, so the module never sees half a key
// and a failed init leaves nothing behind (the SoftHSM token is deleted again).
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import { listLabels, formatPinState, plug, resolveLabel } from './key-state';
import { assertLabel, ensureHome, homePaths, keyPaths, VusbkeyError } from './paths';
import { serialOfSlot, softhsmUtil } from './softhsm-direct';
import { ensureSm2TestCa, issueSm2HolderCertificate } from './sm2-test-ca';
import { ensureTestCa, issueHolderCertificate, type CertificatePurpose } from './test-ca';
import { randomObjectId, type KeyAlgorithm } from './token-objects';
import { runTokenOperation } from './token-worker-client';
import { sm2Vendors, type Sm2Vendor } from './token-worker-protocol';

const pinSchema = z.string().min(6, 'PIN must have 6-16 characters').max(16, 'PIN must have 6-16 characters');
const certificateOptions = {
  algorithm: z.enum(['rsa-2048', 'p-256', 'sm2']).default('rsa-2048'),
  /** SM2 mechanism numbering of the key (default longmai); kept in keys/<label>/sm2-vendor. */
  vendor: z.enum(sm2Vendors).optional(),
  days: z.number().int().min(1).max(36500).default(365),
  /** Test certificates outside their validity: ended this many days ago (notAfter = now − n days). */
  expiredDaysAgo: z.number().int().min(1).max(36500).optional(),
  /** … or not valid yet: starts this many days from now (notBefore = now + n days). */
  startsInDays: z.number().int().min(1).max(36500).optional(),
  commonName: z.string().min(1).max(64).default('张三'),
  organization: z.string().min(1).max(64).default('某某市第一人民医院'),
  unit: z.string().min(1).max(64).optional(),
  idNumber: z
    .string()
    .regex(/^[0-9X]{18}$/, 'ID number must be 18 characters of 0-9 or X')
    .optional(),
  pin: pinSchema.default('123456'),
};
const oneValidityShift = (options: { expiredDaysAgo?: number; startsInDays?: number }) =>
  options.expiredDaysAgo === undefined || options.startsInDays === undefined;
const validityShiftMessage = {
  message: 'expiredDaysAgo and startsInDays exclude each other',
  path: ['startsInDays'],
};
const initKeySchema = z
  .object({
    ...certificateOptions,
    label: z.string().default('YiKey-Demo'),
    soPin: pinSchema.default('12345678'),
    maxTries: z.number().int().min(1).max(99).default(6),
    pinToBeChanged: z.boolean().default(false),
    /** A reader with a PIN pad: C_Login with a NULL PIN logs in as if the holder typed `pin` on it. */
    pinPad: z.boolean().default(false),
    certificate: z.boolean().default(true),
    /** A dual pair: a signing key pair + certificate and an encryption key pair + certificate. */
    dual: z.boolean().default(false),
  })
  .refine(oneValidityShift, validityShiftMessage);
const addCertificateSchema = z
  .object({
    ...certificateOptions,
    label: z.string().optional(),
    purpose: z.enum(['sign', 'encrypt']).default('sign'),
  })
  .refine(oneValidityShift, validityShiftMessage);

export type InitKeyOptions = z.input<typeof initKeySchema>;
export type AddCertificateOptions = z.input<typeof addCertificateSchema>;
export type ProvisionedCertificate = { objectId: string; subject: string; notAfter: string; file: string };
export type InitKeyResult = {
  label: string;
  slot: number;
  serial: string;
  certificate?: ProvisionedCertificate;
  /** The encryption certificate of a dual pair (init with dual). */
  encryptionCertificate?: ProvisionedCertificate;
};

function parseOptions<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new VusbkeyError(`invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'bad value'}`);
  }
  return result.data;
}

/** A test ID-card number (GB 11643 layout with a valid check digit); never a real person's. */
export function testIdNumber(): string {
  const body = `110101198503${String(randomInt(10, 29))}${String(randomInt(100, 999))}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

type CertificateRequest = z.output<z.ZodObject<typeof certificateOptions>> & { purpose: CertificatePurpose };

type TokenRef = { serial: string; pin: string };

/** A key pair generated on the token; SM2 ones by the virtual module itself (sm2-key-pair.ts). */
async function generateOnToken(
  home: string,
  token: TokenRef,
  request: CertificateRequest,
  object: { id: Buffer; label: string },
): Promise<Buffer> {
  const { algorithm, purpose } = request;
  const id = object.id.toString('hex');
  const generated =
    algorithm === 'sm2'
      ? await runTokenOperation(home, token, {
          kind: 'generate-sm2-key-pair',
          id,
          label: object.label,
          purpose,
          vendor: request.vendor ?? 'longmai',
        })
      : await runTokenOperation(home, token, {
          kind: 'generate-key-pair',
          id,
          label: object.label,
          algorithm,
          purpose,
        });
  return Buffer.from(generated.spki ?? '', 'hex');
}

async function provisionKeyAndCertificate(home: string, token: TokenRef, request: CertificateRequest) {
  const id = randomObjectId();
  const objectLabel = request.purpose === 'sign' ? 'YiKey signing key' : 'YiKey encryption key';
  const spki = await generateOnToken(home, token, request, { id, label: objectLabel });
  const subject = {
    commonName: request.commonName,
    organization: request.organization,
    unit: request.unit,
    idNumber: request.idNumber ?? testIdNumber(),
  };
  const certificate =
    request.algorithm === 'sm2'
      ? issueSm2HolderCertificate(ensureSm2TestCa(home), subject, spki, request)
      : await issueHolderCertificate(await ensureTestCa(home), subject, spki, {
          ...request,
          algorithm: request.algorithm,
        });
  const value = Buffer.from(certificate.rawData).toString('hex');
  await runTokenOperation(home, token, {
    kind: 'write-certificate',
    id: id.toString('hex'),
    label: objectLabel,
    value,
  });
  return { id, certificate };
}

const nextSlotId = (home: string): number =>
  listLabels(home).reduce(
    (max, label) => Math.max(max, Number(readFileSync(keyPaths(home, label).slot, 'utf8'))),
    -1,
  ) + 1;

/** Creates a new virtual key (SoftHSM token, key pair, holder certificate); it starts plugged. */
export async function initKey(home: string, input: InitKeyOptions = {}): Promise<InitKeyResult> {
  const options = parseOptions(initKeySchema, input);
  assertLabel(options.label);
  ensureHome(home);
  const finalDir = keyPaths(home, options.label).dir;
  if (existsSync(finalDir))
    throw new VusbkeyError(`a virtual key "${options.label}" already exists in ${home}`);
  const staging = mkdtempSync(path.join(homePaths(home).keys, `.init-${options.label}-`));
  let serial: string | undefined;
  try {
    const pinArgs = ['--pin', options.pin, '--so-pin', options.soPin];
    const output = softhsmUtil(home, ['--init-token', '--free', '--label', options.label, ...pinArgs]);
    const softhsmSlot = output.match(/reassigned to slot (\d+)/)?.[1];
    if (!softhsmSlot) throw new VusbkeyError(`unexpected softhsm2-util output: ${output.trim()}`);
    serial = serialOfSlot(home, softhsmSlot);
    const token = { serial, pin: options.pin };
    // Both certificates of a dual pair name the same holder.
    const request = { ...options, idNumber: options.idNumber ?? testIdNumber() };
    const provisioned = options.certificate
      ? await provisionKeyAndCertificate(home, token, { ...request, purpose: 'sign' })
      : undefined;
    const encryption =
      options.certificate && options.dual
        ? await provisionKeyAndCertificate(home, token, { ...request, purpose: 'encrypt' })
        : undefined;
    if (options.algorithm === 'sm2' || options.vendor)
      writeFileSync(path.join(staging, 'sm2-vendor'), `${options.vendor ?? 'longmai'}\n`);
    const pinState = {
      maxTries: options.maxTries,
      triesLeft: options.maxTries,
      toBeChanged: options.pinToBeChanged,
    };
    writeFileSync(path.join(staging, 'serial'), `${serial}\n`);
    writeFileSync(path.join(staging, 'pin-state'), formatPinState(pinState), { mode: 0o600 });
    // What the holder would type on the reader's pad (the module updates it on C_SetPIN).
    if (options.pinPad) writeFileSync(path.join(staging, 'pin-pad'), `${options.pin}\n`, { mode: 0o600 });
    mkdirSync(path.join(staging, 'faults'));
    if (provisioned) writeFileSync(path.join(staging, 'cert.pem'), provisioned.certificate.toString('pem'));
    const encryptionFile = encryption && `cert-${encryption.id.toString('hex')}.pem`;
    if (encryption && encryptionFile)
      writeFileSync(path.join(staging, encryptionFile), encryption.certificate.toString('pem'));
    const slot = nextSlotId(home);
    writeFileSync(path.join(staging, 'slot'), `${slot}\n`); // last: marks the key complete
    renameSync(staging, finalDir);
    plug(home, options.label);
    const certificate = provisioned && {
      objectId: provisioned.id.toString('hex'),
      subject: provisioned.certificate.subject,
      notAfter: provisioned.certificate.notAfter.toISOString(),
      file: path.join(finalDir, 'cert.pem'),
    };
    const encryptionCertificate = encryption &&
      encryptionFile && {
        objectId: encryption.id.toString('hex'),
        subject: encryption.certificate.subject,
        notAfter: encryption.certificate.notAfter.toISOString(),
        file: path.join(finalDir, encryptionFile),
      };
    return {
      label: options.label,
      slot,
      serial,
      ...(certificate ? { certificate } : {}),
      ...(encryptionCertificate ? { encryptionCertificate } : {}),
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (serial && !existsSync(finalDir)) {
      try {
        softhsmUtil(home, ['--delete-token', '--serial', serial]);
      } catch {
        // The original error matters more than a failed clean-up.
      }
    }
    throw error;
  }
}

const serialOf = (home: string, label: string): string =>
  readFileSync(keyPaths(home, label).serial, 'utf8').trim();

/** A key speaks one SM2 numbering: the one it has, else the one asked for (default longmai). */
function ensureSm2Vendor(home: string, label: string, wanted: Sm2Vendor | undefined): Sm2Vendor {
  const file = keyPaths(home, label).sm2Vendor;
  const current = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (current !== undefined) {
    const known = sm2Vendors.find((vendor) => vendor === current);
    if (!known) throw new VusbkeyError(`key "${label}" has an unknown SM2 numbering "${current}"`);
    if (wanted && wanted !== known)
      throw new VusbkeyError(`key "${label}" speaks the ${known} SM2 numbering, not ${wanted}`);
    return known;
  }
  const chosen = wanted ?? 'longmai';
  writeFileSync(file, `${chosen}\n`);
  return chosen;
}

/** Adds another key pair + certificate (e.g. an encryption pair next to the signing pair). */
export async function addCertificate(
  home: string,
  input: AddCertificateOptions = {},
): Promise<ProvisionedCertificate> {
  const options = parseOptions(addCertificateSchema, input);
  const label = resolveLabel(home, options.label);
  const token = { serial: serialOf(home, label), pin: options.pin };
  const vendor = options.algorithm === 'sm2' ? ensureSm2Vendor(home, label, options.vendor) : undefined;
  const { id, certificate } = await provisionKeyAndCertificate(home, token, { ...options, vendor });
  const file = path.join(keyPaths(home, label).dir, `cert-${id.toString('hex')}.pem`);
  writeFileSync(file, certificate.toString('pem'));
  return {
    objectId: id.toString('hex'),
    subject: certificate.subject,
    notAfter: certificate.notAfter.toISOString(),
    file,
  };
}

/** CKA_ID given as bytes or as hex text ('ee01'). */
export type ObjectId = Buffer | string;
const idBytes = (id: ObjectId): Buffer => {
  if (Buffer.isBuffer(id)) return id;
  if (!/^([0-9a-fA-F]{2})+$/.test(id)) throw new VusbkeyError(`invalid object id "${id}": use hex bytes`);
  return Buffer.from(id, 'hex');
};

/** Runs one object-creating operation on a key's token, logged in with the user PIN. */
function runFixtureOperation(
  home: string,
  label: string,
  pin: string | undefined,
  operation: Parameters<typeof runTokenOperation>[2],
): Promise<unknown> {
  const target = resolveLabel(home, label);
  return runTokenOperation(home, { serial: serialOf(home, target), pin: pin ?? '123456' }, operation);
}

/** Test fixture: a key pair with no certificate (SM2: in the key's numbering, else `vendor`). */
export async function generateKeyPairOnly(
  home: string,
  label: string,
  object: { id: ObjectId; label: string; algorithm?: KeyAlgorithm | 'sm2'; vendor?: Sm2Vendor; pin?: string },
): Promise<void> {
  const id = idBytes(object.id).toString('hex');
  const operation: Parameters<typeof runTokenOperation>[2] =
    object.algorithm === 'sm2'
      ? {
          kind: 'generate-sm2-key-pair',
          id,
          label: object.label,
          purpose: 'sign',
          vendor: ensureSm2Vendor(home, resolveLabel(home, label), object.vendor),
        }
      : {
          kind: 'generate-key-pair',
          id,
          label: object.label,
          algorithm: object.algorithm ?? 'rsa-2048',
          purpose: 'sign',
        };
  await runFixtureOperation(home, label, object.pin, operation);
}

/** Test fixture: a certificate object with arbitrary (possibly unparsable) CKA_VALUE. */
export async function writeRawCertificateObject(
  home: string,
  label: string,
  object: { id: ObjectId; label: string; value: Buffer; pin?: string },
): Promise<void> {
  await runFixtureOperation(home, label, object.pin, {
    kind: 'write-certificate',
    id: idBytes(object.id).toString('hex'),
    label: object.label,
    value: object.value.toString('hex'),
  });
}
