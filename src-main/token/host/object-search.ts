// Small helpers over C_FindObjects / C_GetAttributeValue that always finish the search and
// turn raw attribute buffers into plain values.
import pkcs11js from './pkcs11-addon';

const maxObjectsPerSearch = 256;

export function findObjects(
  library: pkcs11js.PKCS11,
  session: Buffer,
  template: pkcs11js.Template,
): Buffer[] {
  library.C_FindObjectsInit(session, template);
  try {
    return library.C_FindObjects(session, maxObjectsPerSearch);
  } finally {
    library.C_FindObjectsFinal(session);
  }
}

interface AttributeValues {
  id: string;
  label: string;
  value: Uint8Array;
  keyType: number;
  ecParams: Uint8Array;
}

const attributeTypes = {
  id: pkcs11js.CKA_ID,
  label: pkcs11js.CKA_LABEL,
  value: pkcs11js.CKA_VALUE,
  keyType: pkcs11js.CKA_KEY_TYPE,
  ecParams: pkcs11js.CKA_EC_PARAMS,
} as const;

/** Reads the named attributes; a missing optional attribute becomes an empty value. */
export function readAttributes<K extends keyof AttributeValues>(
  library: pkcs11js.PKCS11,
  session: Buffer,
  object: Buffer,
  names: K[],
): Pick<AttributeValues, K> {
  const values: Partial<AttributeValues> = {};
  for (const name of names) {
    let raw: Buffer;
    try {
      const [attribute] = library.C_GetAttributeValue(session, object, [{ type: attributeTypes[name] }]);
      raw = (attribute?.value as Buffer | undefined) ?? Buffer.alloc(0);
    } catch (error) {
      if (!/CKR_ATTRIBUTE_TYPE_INVALID|CKR_ATTRIBUTE_SENSITIVE/.test(String(error))) throw error;
      raw = Buffer.alloc(0);
    }
    if (name === 'id') values.id = raw.toString('hex');
    else if (name === 'label') values.label = raw.toString('utf8');
    else if (name === 'value') values.value = new Uint8Array(raw);
    else if (name === 'ecParams') values.ecParams = new Uint8Array(raw);
    else values.keyType = raw.length >= 4 ? raw.readUInt32LE(0) : -1;
  }
  return values as Pick<AttributeValues, K>;
}
