import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** An account's identity at an OpenID Connect issuer: who signs in through their institution. */
export interface LinkedIdentity {
  /** The issuer's identifier, as its discovery document names it. */
  issuer: string;
  /** The `sub` claim: unique and never reassigned within the issuer. */
  subject: string;
  createdAt: Date;
}

/** The SQL of linked identities (table user_identities). */
@Injectable()
export class UserIdentitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The active account this identity is linked to, or null. */
  async findActiveUserId(issuer: string, subject: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT i.user_id FROM user_identities i JOIN users u ON u.id = i.user_id
        WHERE i.issuer = $1 AND i.subject = $2 AND u.deleted_at IS NULL`,
      [issuer, subject],
    );
    return rows[0]?.user_id ?? null;
  }

  /**
   * Links the identity to the account. Answers the account it now belongs to: this one,
   * or the one a concurrent sign-in linked it to first.
   */
  async link(userId: string, issuer: string, subject: string, manager: EntityManager = this.dataSource.manager): Promise<string> {
    await manager.query(
      `INSERT INTO user_identities (user_id, issuer, subject) VALUES ($1, $2, $3) ON CONFLICT (issuer, subject) DO NOTHING`,
      [userId, issuer, subject],
    );
    const rows = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2`, [
      issuer,
      subject,
    ]);
    return rows[0]?.user_id ?? userId;
  }

  /** The identities of an account, oldest first, for the data export. */
  async listForUser(userId: string): Promise<LinkedIdentity[]> {
    const rows = await this.dataSource.query<{ issuer: string; subject: string; created_at: Date }[]>(
      `SELECT issuer, subject, created_at FROM user_identities WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    return rows.map((row) => ({ issuer: row.issuer, subject: row.subject, createdAt: row.created_at }));
  }

  /** Account deletion: the account is anonymised, its identities go. */
  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM user_identities WHERE user_id = $1`, [userId]);
  }
}
