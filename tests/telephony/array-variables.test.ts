/**
 * The IVR hands its variables to the dialplan in one ARI request, `ARRAY(A,B,…)` = "a","b",…:
 * each value comes out whole as Asterisk splits function arguments (main/app.c), whatever it holds.
 */
import { arrayValue } from '../../telephony/ari-call-channel';
import { separateArgs } from '../../standin/model/app-args';

test.each([
  ['a plain value', ['1796551252.0', '10', 'emergency']],
  ['an IVR path with commas', ['main:2,appeal-menu:0', 'x']],
  ['quotes, backslashes, parentheses and brackets', ['say "hi"', 'c:\\path', 'f(a,b)', '[x,y]', '']],
])('%s survives the split', (_, values) => {
  expect(separateArgs(values.map(arrayValue).join(','))).toEqual(values);
});

test('unquoted, a comma splits and quotes disappear, as in Asterisk', () => {
  expect(separateArgs('a,b,"c,d",e\\,f,g(h,i)')).toEqual(['a', 'b', 'c,d', 'e,f', 'g(h,i)']);
});
