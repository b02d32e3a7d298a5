import { useCallback, useState } from 'react';

/**
 * A polite live region for what a screen reader cannot see happen: a field moved, added or removed.
 * Saying the same sentence twice in a row still gets announced (the text alternates a trailing mark).
 */
export function useAnnouncer(): { message: string; announce: (message: string) => void } {
  const [message, setMessage] = useState('');
  const announce = useCallback((next: string) => setMessage((prev) => (prev === next ? `${next}\u00a0` : next)), []);
  return { message, announce };
}

export function LiveRegion({ message }: { message: string }) {
  return (
    <div className="fl-visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message}
    </div>
  );
}
