import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PlacesByNumber } from '../../src/history/record.js';

describe('PlacesByNumber (item number → place in the checklist)', () => {
  it('answers as a Map built in checklist order would, for any numbers, repeated or not', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 60 }), fc.double({ min: -10, max: 10, noNaN: true })), { maxLength: 80 }), (numbers) => {
        const map = new Map(numbers.map((no, place) => [no, place]));
        const places = new PlacesByNumber(numbers);
        expect(places.count).toBe(numbers.length);
        for (const no of [...numbers, -6, 61, 0.5, 1e9]) expect(places.get(no)).toBe(map.get(no));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the places of a checklist of 51 items numbered 1 to 51, and of none', () => {
    const places = new PlacesByNumber(Array.from({ length: 51 }, (_, i) => 51 - i));
    expect(places.get(51)).toBe(0);
    expect(places.get(1)).toBe(50);
    expect(places.get(52)).toBeUndefined();
    expect(new PlacesByNumber([]).get(1)).toBeUndefined();
  });
});
