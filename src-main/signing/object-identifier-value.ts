import { AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';

/**
 * A bare OBJECT IDENTIFIER as a standalone value (the content-type attribute, the namedCurve
 * parameter of an EC key). A one-alternative CHOICE encodes as just the OID.
 */
@AsnType({ type: AsnTypeTypes.Choice })
export class ObjectIdentifierValue {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  public value?: string;

  public constructor(value?: string) {
    this.value = value;
  }
}
