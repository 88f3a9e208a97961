// Bodies a CMP server answers with (RFC 9483 §4): ip/cp/kup with a certificate or "waiting",
// pollRep, rp, pkiconf, genp and error — for the reference provincial backend and for tests.
import { BitString } from '@peculiar/asn1-schema';
import {
  CertifiedKeyPair,
  CertOrEncCert,
  CertRepMessage,
  CertResponse,
  ErrorMsgContent,
  InfoTypeAndValue,
  InfoTypeAndValues,
  PkiBody,
  PkiFreeText,
  PkiStatusInfo,
  PollRepContent,
  PollRepEntry,
  RevRepContent,
} from './asn1/cmp';
import { failureInfoBits, PkiStatus } from './pki-status';
import { toArrayBuffer } from './protection';

export function statusInfo(status: number, text: string[] = [], failures: string[] = []): PkiStatusInfo {
  const info = new PkiStatusInfo({ status, statusString: text.length ? new PkiFreeText(text) : undefined });
  if (failures.length) {
    const { bytes, unusedBits } = failureInfoBits(failures);
    info.failInfo = new BitString(bytes, unusedBits);
  }
  return info;
}

export function certificateResponseBody(
  kind: 'ip' | 'cp' | 'kup',
  answer:
    | { status: 'issued'; certificateDer: Uint8Array; caPubs?: Uint8Array[] }
    | { status: 'waiting'; text?: string[] }
    | { status: 'rejected'; text: string[]; failures?: string[] },
  certReqId = 0,
): PkiBody {
  const response = new CertResponse({ certReqId });
  let caPubs: ArrayBuffer[] | undefined;
  if (answer.status === 'issued') {
    response.status = statusInfo(PkiStatus.accepted);
    response.certifiedKeyPair = new CertifiedKeyPair({
      certOrEncCert: new CertOrEncCert({ certificate: toArrayBuffer(answer.certificateDer) }),
    });
    caPubs = answer.caPubs?.length ? answer.caPubs.map(toArrayBuffer) : undefined;
  } else if (answer.status === 'waiting') {
    response.status = statusInfo(PkiStatus.waiting, answer.text ?? []);
  } else {
    response.status = statusInfo(PkiStatus.rejection, answer.text, answer.failures ?? ['badRequest']);
  }
  return new PkiBody({ [kind]: new CertRepMessage({ caPubs, response: [response] }) });
}

export function pollRepBody(checkAfterSeconds: number, reason: string[] = [], certReqId = 0): PkiBody {
  return new PkiBody({
    pollRep: new PollRepContent([
      new PollRepEntry({
        certReqId,
        checkAfter: checkAfterSeconds,
        reason: reason.length ? new PkiFreeText(reason) : undefined,
      }),
    ]),
  });
}

export function revocationResponseBody(status: PkiStatusInfo): PkiBody {
  return new PkiBody({ rp: new RevRepContent({ status: [status] }) });
}

export function pkiConfirmBody(): PkiBody {
  return new PkiBody({ pkiconf: null });
}

export function generalResponseBody(items: InfoTypeAndValue[]): PkiBody {
  return new PkiBody({ genp: new InfoTypeAndValues(items) });
}

export function errorBody(
  text: string[],
  failures: string[] = ['badRequest'],
  details: string[] = [],
): PkiBody {
  return new PkiBody({
    error: new ErrorMsgContent({
      pKIStatusInfo: statusInfo(PkiStatus.rejection, text, failures),
      errorDetails: details.length ? new PkiFreeText(details) : undefined,
    }),
  });
}
