import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';

/**
 * One refresh token. Tokens of one login form a family: each refresh spends the old
 * token and issues the next in the same family.
 */
export interface RefreshToken {
  id: string;
  userId: string;
  familyId: string;
  /** sha256 of the secret part; the secret itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  /** When the login this token belongs to ends, whatever its refreshes. */
  sessionExpiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export type NewRefreshToken = Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt' | 'sessionExpiresAt'>;

/** The caller an access token stands for. */
export interface SessionCaller {
  id: string;
  isAdmin: boolean;
  locale: string;
}

interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  session_expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const toRefreshToken = (row: RefreshTokenRow): RefreshToken => ({
  id: row.id,
  userId: row.user_id,
  familyId: row.family_id,
  tokenHash: row.token_hash,
  expiresAt: row.expires_at,
  sessionExpiresAt: row.session_expires_at,
  usedAt: row.used_at,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

/** The SQL of logins (table refresh_tokens). */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Answers the new token's id. */
  async insert(token: NewRefreshToken, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, session_expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [token.userId, token.familyId, token.tokenHash, token.expiresAt, token.sessionExpiresAt],
    );
    return row.id;
  }

  async findById(id: string): Promise<RefreshToken | null> {
    const [row] = await this.dataSource.query<RefreshTokenRow[]>(`SELECT * FROM refresh_tokens WHERE id = $1`, [id]);
    return row ? toRefreshToken(row) : null;
  }

  /** Spends a token that is neither spent nor revoked; answers whether this call spent it (a conditional update: of two at once, one wins). */
  async spend(manager: EntityManager, id: string): Promise<boolean> {
    const rows = returnedRows(
      await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`, [id]),
    );
    return rows.length === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  /** Revokes every login of the account (but one, when named); answers the families that ended now. */
  async revokeAllForUser(userId: string, exceptFamilyId: string | null): Promise<string[]> {
    const rows = await this.dataSource.query<{ family_id: string }[]>(
      `WITH revoked AS (
         UPDATE refresh_tokens SET revoked_at = now()
          WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)
          RETURNING family_id)
       SELECT DISTINCT family_id FROM revoked`,
      [userId, exceptFamilyId],
    );
    return rows.map((row) => row.family_id);
  }

  /** Whether any token of the family was revoked. */
  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NOT NULL LIMIT 1`, [
      familyId,
    ]);
    return rows.length > 0;
  }

  /** The active account of a login none of whose tokens was revoked. One query. */
  async findCaller(userId: string, familyId: string): Promise<SessionCaller | null> {
    const [row] = await this.dataSource.query<{ id: string; is_admin: boolean; locale: string }[]>(
      `SELECT u.id, u.is_admin, u.locale FROM users u
        WHERE u.id = $1 AND u.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NOT NULL)`,
      [userId, familyId],
    );
    return row ? { id: row.id, isAdmin: row.is_admin, locale: row.locale } : null;
  }

  /** Oldest first. */
  async listForUser(userId: string): Promise<RefreshToken[]> {
    const rows = await this.dataSource.query<RefreshTokenRow[]>(`SELECT * FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at`, [userId]);
    return rows.map(toRefreshToken);
  }

  /** Tokens that expired before `before`; answers how many went. */
  async deleteExpiredBefore(before: Date): Promise<number> {
    return returnedRows(await this.dataSource.query(`DELETE FROM refresh_tokens WHERE expires_at < $1 RETURNING id`, [before])).length;
  }

  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM refresh_tokens WHERE user_id = $1`, [userId]);
  }
}
