// The Signer port (docs/ARCHITECTURE.md): the core asks for signatures, it never holds key material.
// Shaped like sigstore-js's `Signer.sign` — one job, one method.

/** Produces signatures with one private key whose public half is known. */
export interface Signer {
  /** Signs `data` (the exact bytes, hashed with SHA-256 inside) and returns the DER ECDSA signature. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** The SPKI PEM public key that verifies this signer's signatures. */
  readonly publicKeyPem: string;
}
