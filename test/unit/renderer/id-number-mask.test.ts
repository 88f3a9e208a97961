// The ID number (证件号) is shown with only its first 6 and last 4 characters, in its own row and
// inside the distinguished names.
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskIdNumberInDn } from '../../../src-renderer/components/id-number-mask';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters of an 18-character ID number', () => {
    expect(maskIdNumber('110101198503218727')).toBe('110101********8727');
    expect(maskIdNumber('11010119850321872X')).toBe('110101********872X');
  });

  it('masks a 15-character (old) ID number the same way', () => {
    expect(maskIdNumber('110101850321872')).toBe('110101*****1872');
  });

  it('still hides the middle of a short staff number instead of showing it whole', () => {
    expect(maskIdNumber('A1234567')).toBe('A1****67');
    expect(maskIdNumber('12345')).toBe('1***5');
    expect(maskIdNumber('')).toBe('');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskIdNumber('工号𠀀12345678901')).toBe('工号𠀀123****8901');
  });
});

describe('maskIdNumberInDn', () => {
  it('masks the SERIALNUMBER value and leaves the rest of the name alone', () => {
    expect(maskIdNumberInDn('C=CN, O=某某市第一人民医院, CN=张三, SERIALNUMBER=110101198503218727')).toBe(
      'C=CN, O=某某市第一人民医院, CN=张三, SERIALNUMBER=110101********8727',
    );
    expect(maskIdNumberInDn('SERIALNUMBER=110101198503218727+CN=张三, O=医院')).toBe(
      'SERIALNUMBER=110101********8727+CN=张三, O=医院',
    );
  });

  it('does not touch a name without an ID number, nor an attribute that merely ends in SERIALNUMBER', () => {
    expect(maskIdNumberInDn('C=CN, O=YiKey 测试CA, CN=YiKey Test CA')).toBe(
      'C=CN, O=YiKey 测试CA, CN=YiKey Test CA',
    );
    expect(maskIdNumberInDn('CN=X, XSERIALNUMBER=110101198503218727')).toBe(
      'CN=X, XSERIALNUMBER=110101198503218727',
    );
  });

  it('keeps an escaped comma inside the value as part of it', () => {
    expect(maskIdNumberInDn('CN=张三, SERIALNUMBER=1101011985\\,03218727, O=医院')).toBe(
      'CN=张三, SERIALNUMBER=110101**********8727, O=医院',
    );
  });
});
