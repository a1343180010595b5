/** Stable record ids (storeys, elements, connections). */
import { z } from 'zod';

/** Ids are non-empty, at most 128 characters, without whitespace or '/'. */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\s/]+$/, 'must not contain whitespace or "/"');

/** A fresh random id (UUID v4 from the platform's Web Crypto). */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}
