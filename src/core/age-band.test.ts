import { describe, expect, it } from 'vitest';
import { AGE_BANDS, ageBandOf, isChildBand } from './age-band.ts';

describe('the one age band', () => {
  it('puts each boundary age in its band', () => {
    expect([0, 14, 15, 17, 18, 21, 22, 25, 26, 90].map(ageBandOf)).toEqual(['0_14', '0_14', '15_17', '15_17', '18_21', '18_21', '22_25', '22_25', '26_plus', '26_plus']);
  });
  it('says unknown when the age is not known or not an age', () => {
    expect([null, undefined, Number.NaN, -1].map(ageBandOf)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });
  it('counts exactly the bands under 18 as children', () => {
    expect(AGE_BANDS.filter(isChildBand)).toEqual(['0_14', '15_17']);
  });
});
