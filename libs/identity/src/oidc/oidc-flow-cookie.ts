import { Injectable } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Request, Response } from 'express';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { API_PREFIX, AppConfig } from '@kennisplein/core';

/** The browser's part of one institution sign-in, between start and callback. */
export const OIDC_FLOW_COOKIE = 'kp_oidc';
/** Sent only to start and callback. */
export const OIDC_FLOW_COOKIE_PATH = `/${API_PREFIX}/auth/oidc`;
/** Time a person has at their institution to sign in. */
const FLOW_TTL_MS = 10 * 60_000;

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds the ciphertext to this cookie: a value of another cookie with the same key never decrypts here. */
const AAD = Buffer.from(`${OIDC_FLOW_COOKIE}:v1`);

/** What the callback checks the provider's answer against. */
export interface OidcFlow {
  state: string;
  nonce: string;
  /** PKCE: only its S256 hash went to the provider. */
  codeVerifier: string;
  /** A path of this site (safeReturnTo). */
  returnTo: string;
}

interface SealedFlow extends OidcFlow {
  /** Expiry, ms since the epoch: a client that keeps the cookie past its Max-Age gains nothing. */
  expiresAt: number;
}

const isSealedFlow = (value: unknown): value is SealedFlow => {
  if (typeof value !== 'object' || value === null) return false;
  const flow = value as Record<string, unknown>;
  return (
    ['state', 'nonce', 'codeVerifier', 'returnTo'].every((key) => typeof flow[key] === 'string') && typeof flow.expiresAt === 'number'
  );
};

/**
 * State, nonce, PKCE verifier and returnTo live in the browser that started the sign-in:
 * an httpOnly cookie, encrypted and authenticated (AES-256-GCM with a key derived from
 * JWT_SECRET), so nothing is stored on the server and a value can be neither read nor
 * forged. SameSite=Lax: the provider sends the browser back with a cross-site top-level
 * navigation, which a Strict cookie would miss.
 */
@Injectable()
export class OidcFlowCookie {
  private readonly key: Buffer;
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'kennisplein', 'oidc flow cookie v1', 32));
    this.secure = new URL(config.PUBLIC_URL).protocol === 'https:';
  }

  set(response: Response, flow: OidcFlow): void {
    const sealed: SealedFlow = { ...flow, expiresAt: Date.now() + FLOW_TTL_MS };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(AAD);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(sealed), 'utf8'), cipher.final()]);
    const value = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    response.cookie(OIDC_FLOW_COOKIE, value, { ...this.attributes(), maxAge: FLOW_TTL_MS });
  }

  clear(response: Response): void {
    response.clearCookie(OIDC_FLOW_COOKIE, this.attributes());
  }

  /** The flow this browser started; null when there is none, it expired, or it was tampered with. */
  read(request: Request): OidcFlow | null {
    const header = request.headers.cookie;
    const value = header ? parseCookies(header)[OIDC_FLOW_COOKIE] : undefined;
    if (!value) return null;
    const sealed = this.open(value);
    if (!sealed || sealed.expiresAt <= Date.now()) return null;
    const { state, nonce, codeVerifier, returnTo } = sealed;
    return { state, nonce, codeVerifier, returnTo };
  }

  private open(value: string): SealedFlow | null {
    const bytes = Buffer.from(value, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES)).setAAD(AAD);
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      const parsed: unknown = JSON.parse(plain);
      return isSealedFlow(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  private attributes() {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: OIDC_FLOW_COOKIE_PATH } as const;
  }
}
