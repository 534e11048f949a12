import { describe, expect, it } from 'vitest';
import { phoneForPeople } from './phone-for-people.ts';

describe('phoneForPeople', () => {
  it.each([
    [
      '+17135550199',
      'US',
      { country: 'US', national: '(713) 555-0199', international: '+1 713 555 0199' },
    ],
    [
      '+442079460958',
      'US',
      { country: 'GB', national: '020 7946 0958', international: '+44 20 7946 0958' },
    ],
    [
      '+525512345678',
      'MX',
      { country: 'MX', national: '55 1234 5678', international: '+52 55 1234 5678' },
    ],
    // Of no single country: the one it was entered for.
    [
      '+80012345678',
      'FR',
      { country: 'FR', national: '1234 5678', international: '+800 1234 5678' },
    ],
  ])('shows %s as people read it', (e164, enteredFor, expected) => {
    expect(phoneForPeople(e164, enteredFor)).toEqual(expected);
  });
});
