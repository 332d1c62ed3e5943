/** The approved-code digest, computed the way the kernel does (core/trail.py code_digest). */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** SHA-256 of code with its trailing newlines normalised to one. */
export function codeDigest(code: string): string {
  return bytesToHex(sha256(utf8ToBytes(code.replace(/\n+$/, '') + '\n')));
}
