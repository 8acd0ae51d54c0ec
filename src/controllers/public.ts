// The controllers area's public surface (explicit named exports only).
export {};
