// Owned by the sso work of issue 9; filled in by it.
export {};
