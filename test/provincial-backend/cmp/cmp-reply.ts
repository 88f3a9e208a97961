// Answers of the backend: a header that echoes the request's transactionID and nonce, and
// protection — the same MAC when the holder used an authorisation code, else the CA's signature
// made on the token with the CA certificate in extraCerts (RFC 9483 §3.1, §3.2).
import { AsnConvert } from '@peculiar/asn1-schema';
import { randomBytes } from 'node:crypto';

import {
  buildHeader,
  encodePkiMessage,
  macMessage,
  signMessage,
  type InfoTypeAndValue,
  type PkiBody,
  type ProtectionSigner,
  type PkiMessage,
} from '../../../src-main/cmp/index';
import type { CaToken } from '../ca/ca-token';
import type { CertificateAuthority } from '../ca/certificate-authority';

export type ReplyProtection = { kind: 'signature' } | { kind: 'mac'; secret: Uint8Array };

export class CmpReplier {
  constructor(
    private readonly ca: CertificateAuthority,
    private readonly token: CaToken,
  ) {}

  async reply(
    request: PkiMessage | null,
    body: PkiBody,
    protection: ReplyProtection,
    generalInfo: InfoTypeAndValue[] = [],
  ): Promise<Uint8Array> {
    const requestHeader = request?.header;
    const recipient = requestHeader?.sender.directoryName;
    const header = buildHeader({
      senderNameDer: new Uint8Array(AsnConvert.serialize(this.ca.name)),
      recipientNameDer: recipient ? new Uint8Array(AsnConvert.serialize(recipient)) : null,
      transactionID: requestHeader?.transactionID
        ? new Uint8Array(requestHeader.transactionID)
        : randomBytes(16),
      recipNonce: requestHeader?.senderNonce ? new Uint8Array(requestHeader.senderNonce) : undefined,
      senderKID:
        protection.kind === 'signature'
          ? this.ca.keyId
          : requestHeader?.senderKID
            ? new Uint8Array(requestHeader.senderKID)
            : undefined,
      generalInfo,
    });
    if (protection.kind === 'mac') return encodePkiMessage(macMessage(header, body, protection.secret));
    const keyAlgorithm = this.token.algorithm.cmpKeyAlgorithm;
    // SM2 signs the protected part itself (e needs the CA key's Z); RSA/EC its SHA-256.
    const signer: ProtectionSigner =
      keyAlgorithm === 'SM2'
        ? { keyAlgorithm, signSm2: async (message) => this.token.sign(Buffer.from(message)) }
        : { keyAlgorithm, sign: async (digest) => this.token.signDigest(Buffer.from(digest)) };
    return encodePkiMessage(await signMessage(header, body, signer, [this.ca.certificateDer]));
  }
}
