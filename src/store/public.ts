// The store area's public surface (explicit named exports only).
export {};
