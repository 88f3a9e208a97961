// ESS signing-certificate-v2 (RFC 5035 §3): binds the signature to one certificate by its
// hash, so a second certificate for the same key cannot be swapped in. Declared here because
// no maintained @peculiar package ships the ESS module.
import {
  AsnArray,
  AsnConvert,
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralName, GeneralNames, PolicyInformation } from '@peculiar/asn1-x509';
import type { Certificate } from '@peculiar/asn1-x509';
import { createHash } from 'node:crypto';
import { OID_SM3 } from './algorithm-ids';

export class IssuerSerial {
  @AsnProp({ type: GeneralNames })
  public issuer = new GeneralNames();

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  public serialNumber = new ArrayBuffer(0);

  public constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}

export class EssCertIdV2 {
  /** DEFAULT sha256: DER requires it to be omitted when it is SHA-256. */
  @AsnProp({ type: AlgorithmIdentifier, optional: true })
  public hashAlgorithm?: AlgorithmIdentifier;

  @AsnProp({ type: OctetString })
  public certHash = new OctetString();

  @AsnProp({ type: IssuerSerial, optional: true })
  public issuerSerial?: IssuerSerial;

  public constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: PolicyInformation })
export class SigningCertificatePolicies extends AsnArray<PolicyInformation> {
  public constructor(items?: PolicyInformation[]) {
    super(items);
    Object.setPrototypeOf(this, SigningCertificatePolicies.prototype);
  }
}

export class SigningCertificateV2 {
  @AsnProp({ type: EssCertIdV2, repeated: 'sequence' })
  public certs: EssCertIdV2[] = [];

  @AsnProp({ type: SigningCertificatePolicies, optional: true })
  public policies?: SigningCertificatePolicies;

  public constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}

/**
 * The attribute value for one signer certificate, issuerSerial included. Hashed with SHA-256
 * (the DEFAULT, so no hashAlgorithm), or with SM3 for SM2 certificates, whose verifiers may
 * accept only the national algorithms.
 */
export function signingCertificateV2For(
  certificateDer: Uint8Array,
  certificate: Certificate,
  hash: 'sha256' | 'sm3' = 'sha256',
): ArrayBuffer {
  const certHash = createHash(hash).update(certificateDer).digest();
  const value = new SigningCertificateV2({
    certs: [
      new EssCertIdV2({
        ...(hash === 'sm3' ? { hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SM3 }) } : {}),
        certHash: new OctetString(new Uint8Array(certHash)),
        issuerSerial: new IssuerSerial({
          issuer: new GeneralNames([new GeneralName({ directoryName: certificate.tbsCertificate.issuer })]),
          serialNumber: certificate.tbsCertificate.serialNumber,
        }),
      }),
    ],
  });
  return AsnConvert.serialize(value);
}
