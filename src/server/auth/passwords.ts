/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations). */
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id (a const enum the compiler cannot inline here).
const ARGON2ID = 2;

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed hash: never a match
  }
}

/** Hash of a password nobody knows, so unknown usernames cost as much time as known ones. */
let decoyHash: Promise<string> | undefined;
export const decoy = () => (decoyHash ??= hashPassword(`decoy-${Math.random()}`));
