// zod models for the schedules API (filled in by its work).
export {};
