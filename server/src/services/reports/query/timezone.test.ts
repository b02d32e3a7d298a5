import { describe, expect, it } from 'vitest';
import { isIanaZone, utcOffsetMinutes } from './timezone.ts';

describe('report time zones', () => {
  it('takes IANA names and refuses offsets and unknown names', () => {
    for (const zone of ['Asia/Hong_Kong', 'UTC', 'Etc/GMT-8', 'America/Argentina/Buenos_Aires']) expect(isIanaZone(zone), zone).toBe(true);
    for (const zone of ['+08:00', 'GMT+8:00', 'Mars/Olympus', "Asia/Hong_Kong'; --", '', 'Asia//Hong_Kong']) {
      expect(isIanaZone(zone), zone).toBe(false);
    }
  });

  it('gives the offset at an instant, daylight saving included', () => {
    expect(utcOffsetMinutes('Asia/Hong_Kong', new Date('2026-01-15T12:00:00Z'))).toBe(480);
    expect(utcOffsetMinutes('Asia/Hong_Kong', new Date('2026-07-15T12:00:00Z'))).toBe(480);
    expect(utcOffsetMinutes('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', new Date('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(utcOffsetMinutes('Asia/Kolkata', new Date('2026-03-01T23:50:00Z'))).toBe(330);
    expect(utcOffsetMinutes('UTC')).toBe(0);
  });
});
