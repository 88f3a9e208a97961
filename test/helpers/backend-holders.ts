// For the workflow tests that drive the reference backend's CMP endpoint in-process (on
// useBackendWithCa): a unit with its reviewers (unit administrator, information centre), holders
// with a certificate from the backend's CA, and a sender that signs CMP messages as a holder the
// way YiKey does — each follow-up echoing the senderNonce of the backend's latest answer in its
// transaction.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { Name } from '@peculiar/asn1-x509';
import {
  buildHeader,
  decodePkiMessage,
  encodePkiMessage,
  signMessage,
  type DecodedMessage,
  type PkiBody,
} from '../../src-main/cmp/index';
import type { BackendParts } from '../provincial-backend/backend-app';
import { holderName } from '../provincial-backend/ca/holder-profile';
import { createCmpEndpoint } from '../provincial-backend/cmp/cmp-endpoint';
import { issueHolderCertificate } from '../provincial-backend/issue-holder-certificate';
import { rsaDigestSigner } from './cmp-test-pki';

export interface SoftKey {
  privateKey: KeyObject;
  spki: Uint8Array;
}

/** A software RSA key, as the holder's current or new key on a token would be. */
export function rsaKey(): SoftKey {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: pair.privateKey,
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
  };
}

type Holder = ReturnType<BackendParts['service']['people']['ensureHolder']>;

export interface CertifiedHolder {
  holder: Holder;
  key: SoftKey;
  subject: Name;
  /** The issued certificate's DER. */
  der: Uint8Array;
  record: ReturnType<typeof issueHolderCertificate>['record'];
}

/** A unit, its certificate administrator and the information centre's reviewer. */
export function unitWithReviewers(parts: BackendParts, unitName: string) {
  const { people } = parts.service;
  const unit = people.ensureUnit(unitName);
  return {
    unit,
    admin: people.upsertUser({ username: 'a', displayName: 'a', role: 'unit-admin', unitId: unit.id }, 'pw'),
    centre: people.upsertUser({ username: 'c', displayName: 'c', role: 'info-centre', unitId: null }, 'pw'),
    /** A holder of the unit with a certificate the backend's CA issued on a fresh key. */
    holderWithCertificate(commonName: string, idNumber: string): CertifiedHolder {
      const holder = people.ensureHolder({ unitId: unit.id, commonName, idNumber, department: null });
      const key = rsaKey();
      const subject = holderName({ commonName, organization: unit.name, idNumber });
      const { issued, record } = issueHolderCertificate(parts, holder.id, subject, Buffer.from(key.spki));
      return { holder, key, subject, der: new Uint8Array(issued.der), record };
    },
  };
}

/** The endpoint, and a send that signs as `who` in a transaction and remembers the answer's nonce. */
export function cmpAsHolder(parts: BackendParts) {
  const endpoint = createCmpEndpoint(parts.service, {
    ca: parts.ca!,
    token: parts.token!,
    checkAfterSeconds: 1,
  });
  const latestNonce = new Map<string, Uint8Array>();
  const send = async (
    who: Pick<CertifiedHolder, 'key' | 'subject' | 'der'>,
    transactionID: Uint8Array,
    body: PkiBody,
  ): Promise<DecodedMessage> => {
    const transaction = Buffer.from(transactionID).toString('hex');
    const message = await signMessage(
      buildHeader({
        senderNameDer: new Uint8Array(AsnConvert.serialize(who.subject)),
        recipientNameDer: null,
        transactionID,
        recipNonce: latestNonce.get(transaction),
      }),
      body,
      rsaDigestSigner(who.key.privateKey),
      [who.der],
    );
    const answer = decodePkiMessage(await endpoint(Buffer.from(encodePkiMessage(message))));
    latestNonce.set(transaction, new Uint8Array(answer.message.header.senderNonce!));
    return answer;
  };
  return { endpoint, send };
}
