/** Home page: the scheduled forms the user must fill today (placeholder until recurring collections land). */
export function DueToday() {
  return null;
}
