import { useEffect, useState } from 'react';

/**
 * A value that follows another once it held still for `ms`: live regions announce the
 * settled text, not every step (typing indicators, counts). Clearing follows at once.
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), value ? ms : 0);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
