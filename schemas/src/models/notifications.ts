// zod models for the notifications API (filled in by its work).
export {};
