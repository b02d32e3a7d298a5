/**
 * The "got it" signal after a scan: a short tone through WebAudio (no sound file to load) and a
 * vibration where the phone supports it. Browsers only let a page play sound after a tap, which the
 * scan button or the scanner's keys are; where audio is refused the vibration still works.
 */
let audio: AudioContext | null = null;

export function beep({
  frequency = 1760,
  durationMs = 90,
  vibrateMs = 60,
}: { frequency?: number; durationMs?: number; vibrateMs?: number } = {}): void {
  try {
    navigator.vibrate?.(vibrateMs);
  } catch {
    // Some browsers throw when vibration is blocked by policy; the tone still plays.
  }
  const Context = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Context) return;
  try {
    audio ??= new Context();
    if (audio.state === 'suspended') void audio.resume();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.08;
    oscillator.connect(gain).connect(audio.destination);
    const end = audio.currentTime + durationMs / 1000;
    gain.gain.setTargetAtTime(0, end - 0.02, 0.01);
    oscillator.start();
    oscillator.stop(end);
  } catch {
    // No audio device (a kiosk, a test browser): silence is fine.
  }
}
