// An ANY whose value is one complete DER element that is already encoded: the signer
// certificate exactly as issued, or a structure serialised once per signer certificate.
// @peculiar/asn1-schema's own ANY (an ArrayBuffer field) parses its bytes with asn1js and
// encodes the tree again on every serialisation, about 0.6 ms for a certificate; this one
// writes the bytes through unchanged, so they are copied, not re-encoded.
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes, type IAsnConvertible } from '@peculiar/asn1-schema';
// asn1js is the encoder underneath @peculiar/asn1-schema; a convertible type hands it blocks.
import * as asn1js from 'asn1js';

/** An asn1js block that encodes as the bytes it was given. */
class VerbatimBlock extends asn1js.BaseBlock {
  private readonly element: Uint8Array;

  public constructor(element: Uint8Array) {
    super();
    this.element = element;
  }

  public override toBER(sizeOnly?: boolean, writer?: asn1js.ViewWriter): ArrayBuffer {
    const encoded = sizeOnly ? new ArrayBuffer(this.element.byteLength) : this.element.slice().buffer;
    if (!writer) return encoded;
    writer.write(encoded);
    return new ArrayBuffer(0);
  }
}

/**
 * Holds exactly one DER element (tag, length and contents). Nothing checks that here: build it
 * only from AsnConvert.serialize output or from bytes already parsed and checked as DER.
 */
export class PreEncodedDer implements IAsnConvertible<asn1js.BaseBlock> {
  public der: Uint8Array;

  public constructor(der: Uint8Array = new Uint8Array(0)) {
    this.der = der;
  }

  public static of(value: object): PreEncodedDer {
    return new PreEncodedDer(new Uint8Array(AsnConvert.serialize(value)));
  }

  public fromASN(asn: asn1js.BaseBlock): this {
    this.der = new Uint8Array(asn.valueBeforeDecodeView);
    return this;
  }

  public toASN(): asn1js.BaseBlock {
    return new VerbatimBlock(this.der);
  }

  public toSchema(name: string): asn1js.BaseBlock {
    return new asn1js.Any({ name }) as asn1js.BaseBlock;
  }
}

/** SET OF ANY. The caller orders the elements (DER sorts SET OF by encoding, X.690 §11.6). */
@AsnType({ type: AsnTypeTypes.Set, itemType: PreEncodedDer })
export class PreEncodedDerSet extends AsnArray<PreEncodedDer> {
  public constructor(items?: PreEncodedDer[]) {
    super(items);
    Object.setPrototypeOf(this, PreEncodedDerSet.prototype);
  }
}
