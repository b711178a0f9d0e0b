// Detection of resident ID numbers (GB 11643, ISO 7064 MOD 11-2) and mobile numbers in text, and their masking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findNumbers, idCheckChar, isOldResidentId, isResidentId, maskNumber, PROVINCE_CODES,
} from '../../src/inspect/personal-data/numbers.js';
import { NumberCollector, columnLetters, ranges } from '../../src/inspect/personal-data/exposure.js';
import { mobiles, residentId, residentIds, withWrongCheck } from '../helpers/personal-data.js';

const NOW = new Date('2025-06-01T00:00:00Z');

/** ISO 7064 MOD 11-2 in its recursive form (the standard's own algorithm), as an independent oracle. */
function mod11_2Valid(id: string): boolean {
  let p = 0;
  for (const ch of id.slice(0, 17)) p = ((p + Number(ch)) * 2) % 11;
  const check = id[17] === 'X' ? 10 : Number(id[17]);
  return (p + check) % 11 === 1;
}

const digits17 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((d) => d.join(''));

describe('ISO 7064 MOD 11-2 check character', () => {
  it('matches the examples of GB 11643-1999', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('always makes a number the recursive algorithm accepts (property)', () => {
    fc.assert(fc.property(digits17, (first17) => mod11_2Valid(first17 + idCheckChar(first17))));
  });

  it('is the only character that makes it valid (property)', () => {
    fc.assert(
      fc.property(digits17, fc.constantFrom(...'0123456789X'), (first17, check) => {
        expect(mod11_2Valid(first17 + check)).toBe(check === idCheckChar(first17));
      }),
    );
  });

  it('catches every change of one digit (property)', () => {
    fc.assert(
      fc.property(digits17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (first17, at, delta) => {
        const id = first17 + idCheckChar(first17);
        const changed = id.slice(0, at) + String((Number(id[at]) + delta) % 10) + id.slice(at + 1);
        expect(mod11_2Valid(changed)).toBe(false);
      }),
    );
  });

  it('catches every swap of two different neighbouring digits (property)', () => {
    fc.assert(
      fc.property(digits17, fc.integer({ min: 0, max: 15 }), (first17, at) => {
        fc.pre(first17[at] !== first17[at + 1]);
        const swapped = first17.slice(0, at) + first17[at + 1] + first17[at] + first17.slice(at + 2);
        expect(mod11_2Valid(swapped + idCheckChar(first17))).toBe(false);
      }),
    );
  });
});

describe('isResidentId', () => {
  it('accepts a number with a province code, a real birth date and the right check character', () => {
    expect(isResidentId(residentId('420106', '19900101', '123'), NOW)).toBe(true);
    expect(isResidentId('11010519491231002X', NOW)).toBe(true);
    expect(isResidentId('11010519491231002x', NOW)).toBe(true);
  });

  it('rejects a wrong check character, an unknown province, an impossible or future or pre-1900 birth date', () => {
    const good = residentId('420106', '19900101', '123');
    expect(isResidentId(withWrongCheck(good), NOW)).toBe(false);
    expect(isResidentId(residentId('990106', '19900101', '123'), NOW)).toBe(false);
    expect(isResidentId(residentId('200106', '19900101', '123'), NOW)).toBe(false);
    expect(isResidentId(residentId('420106', '19900230', '123'), NOW)).toBe(false);
    expect(isResidentId(residentId('420106', '20250602', '123'), NOW)).toBe(false);
    expect(isResidentId(residentId('420106', '18991231', '123'), NOW)).toBe(false);
    expect(isResidentId(residentId('420106', '20000229', '123'), NOW)).toBe(true);
    expect(isResidentId(residentId('420106', '19000229', '123'), NOW)).toBe(false);
  });

  it('accepts only real province codes (property over all two-digit prefixes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), (prefix) => {
        const code = String(prefix).padStart(2, '0');
        expect(isResidentId(residentId(`${code}0106`, '19900101', '123'), NOW)).toBe(PROVINCE_CODES.has(code));
      }),
    );
  });
});

describe('findNumbers', () => {
  const [id1, id2] = residentIds(2);
  const [m1, m2] = mobiles(2);

  it('finds ID numbers and mobile numbers among Chinese text and table cells', () => {
    const text = `张三 男 ${id1} 计算机学院 ${m1}；李四，身份证号${id2}，手机:${m2}`;
    expect(findNumbers(text, NOW)).toEqual([
      { kind: 'id', value: id1 },
      { kind: 'id', value: id2 },
      { kind: 'mobile', value: m1 },
      { kind: 'mobile', value: m2 },
    ]);
  });

  it('does not find masked numbers', () => {
    const masked = `${id1!.slice(0, 4)}**********${id1!.slice(14)} ${id1!.slice(0, 6)}********${id1!.slice(14)} ${m1!.slice(0, 3)}****${m1!.slice(7)} ${maskNumber(id2!)} ${maskNumber(m2!)}`;
    expect(findNumbers(masked, NOW)).toEqual([]);
  });

  it('does not find document numbers, landlines, wrong check digits or numbers inside longer digit runs', () => {
    const text = [
      '鄂教办函〔2024〕7号', '教办函〔2014〕23号', '联系电话：027-87654321', '（027）68862345', '02768862345',
      `订单号 ${withWrongCheck(id1!)}`, `流水号 2024${id1}01`, `${m1}0`, `9${m1}`, '准考证号 104974123456789',
      '20240501123456789012', '学号 202112345678', '邮编 430081',
    ].join('\n');
    expect(findNumbers(text, NOW)).toEqual([]);
  });

  it('reads full-width digits, +86 and 3-4-4 hyphenated mobiles', () => {
    const wide = id1!.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(findNumbers(`身份证：${wide}`, NOW)).toEqual([{ kind: 'id', value: id1 }]);
    expect(findNumbers(`+86 ${m1} / ${m2!.slice(0, 3)}-${m2!.slice(3, 7)}-${m2!.slice(7)}`, NOW)).toEqual([
      { kind: 'mobile', value: m1 },
      { kind: 'mobile', value: m2 },
    ]);
  });

  it('counts a 15-digit old ID number only when it is labelled', () => {
    const old = '420106900101123';
    expect(isOldResidentId(old)).toBe(true);
    expect(findNumbers(`考生编号 ${old}`, NOW)).toEqual([]);
    expect(findNumbers(`身份证号码：${old}`, NOW)).toEqual([{ kind: 'id', value: old }]);
    expect(findNumbers(old, NOW, true)).toEqual([{ kind: 'id', value: old }]);
    expect(findNumbers('身份证号码：420106901301123', NOW)).toEqual([]); // month 13
  });
});

describe('masking and places', () => {
  it('keeps the first 4 and the last 2 characters', () => {
    expect(maskNumber('11010519491231002X')).toBe('1101************2X');
    expect(maskNumber('13912345678')).toBe('1391*****78');
  });

  it('summarises distinct numbers with masked samples and where they are', () => {
    const ids = residentIds(5);
    const collector = new NumberCollector(NOW);
    ids.forEach((id, i) => collector.add(`${id}`, { sheet: '拟录取名单', row: i + 2, col: 3 }));
    collector.add(ids[0]!, { sheet: '拟录取名单', row: 9, col: 3 }); // the same number again: counted once
    const summary = collector.summary();
    expect(summary.ids.count).toBe(5);
    expect(summary.ids.samples).toEqual(ids.slice(0, 3).map(maskNumber));
    expect(summary.ids.cells).toBe('拟录取名单!C2:C9');
    expect(summary.mobiles.count).toBe(0);
    expect(JSON.stringify(summary)).not.toMatch(/\d{11}/);
  });

  it('writes page and line ranges and column letters', () => {
    expect(ranges([3, 1, 2, 5, 7, 8])).toBe('1–3, 5, 7–8');
    expect(ranges([1, 3, 5, 7, 9])).toBe('1, 3, 5, …');
    expect([1, 3, 26, 27, 28, 702].map(columnLetters)).toEqual(['A', 'C', 'Z', 'AA', 'AB', 'ZZ']);
  });
});
