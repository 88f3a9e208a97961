// One CRMF CertReqMsg with proof of possession by signature (RFC 4211 §4.1, RFC 9483 §4.1.1):
// the new key signs the DER of CertRequest, which carries the subject and the public key.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Extensions, GeneralName, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  CertId,
  Controls,
  CertReqMsg,
  CertRequest,
  CertTemplate,
  CrmfAttribute,
  PopoSigningKey,
  ProofOfPossession,
} from './asn1/crmf';
import { OID_REG_CTRL_OLD_CERT_ID } from './oids';
import { signatureAlgorithmFor, signWith, toArrayBuffer, type ProtectionSigner } from './protection';

export interface CertRequestInput {
  certReqId?: number;
  /** DER of the subject Name; for kur the current certificate's subject. */
  subjectDer: Uint8Array;
  /** DER SubjectPublicKeyInfo of the new key. */
  publicKeyDer: Uint8Array;
  /** DER Extensions wanted in the certificate (optional; the CA applies its profile). */
  extensionsDer?: Uint8Array;
  /** kur: the certificate being replaced, named by issuer and serial (id-regCtrl-oldCertID). */
  oldCertificate?: { issuerDer: Uint8Array; serialNumber: Uint8Array };
  /** Signs with the NEW key: that is what proves possession. */
  newKeySigner: ProtectionSigner;
}

export async function buildCertReqMsg(input: CertRequestInput): Promise<CertReqMsg> {
  const template = new CertTemplate({
    subject: AsnConvert.parse(input.subjectDer, Name),
    publicKey: AsnConvert.parse(input.publicKeyDer, SubjectPublicKeyInfo),
    extensions: input.extensionsDer ? AsnConvert.parse(input.extensionsDer, Extensions) : undefined,
  });
  const controls = input.oldCertificate
    ? new Controls([
        new CrmfAttribute({
          type: OID_REG_CTRL_OLD_CERT_ID,
          value: AsnSerializer.serialize(
            new CertId({
              issuer: new GeneralName({
                directoryName: AsnConvert.parse(input.oldCertificate.issuerDer, Name),
              }),
              serialNumber: toArrayBuffer(input.oldCertificate.serialNumber),
            }),
          ),
        }),
      ])
    : undefined;
  const certReq = new CertRequest({ certReqId: input.certReqId ?? 0, certTemplate: template, controls });
  const signature = await signWith(input.newKeySigner, new Uint8Array(AsnSerializer.serialize(certReq)));
  return new CertReqMsg({
    certReq,
    popo: new ProofOfPossession({
      signature: new PopoSigningKey({
        algorithmIdentifier: signatureAlgorithmFor(input.newKeySigner.keyAlgorithm),
        signature: toArrayBuffer(signature),
      }),
    }),
  });
}
