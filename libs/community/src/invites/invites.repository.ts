import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';

export interface NewInvite {
  groupId: string;
  email: string;
  /** sha256 of the token: the token itself is never stored */
  tokenHash: string;
  invitedBy: string;
  expiresAt: Date;
}

/** An invitation as its token shows it. */
export interface InviteByToken {
  groupId: string;
  groupName: string;
  invitedBy: string | null;
  acceptedAt: Date | null;
  expiresAt: Date;
}

/** What an invitation that could not be spent was: spent already, expired, or for another address. */
export interface UnspentInvite {
  acceptedAt: Date | null;
  expiresAt: Date;
  forCaller: boolean;
}

/** The group an invitation leads into, and whether the invitee is in its deelsite already. */
export interface InviteTarget {
  siteId: string | null;
  inSite: boolean;
}

/** The SQL of group_invites: invitations by email, single-use and expiring. */
@Injectable()
export class InvitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, invite: NewInvite): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO group_invites (group_id, email, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [invite.groupId, invite.email, invite.tokenHash, invite.invitedBy, invite.expiresAt],
    );
    return row.id;
  }

  async findByToken(tokenHash: string): Promise<InviteByToken | null> {
    const [row] = await this.dataSource.query<
      { group_id: string; group_name: string; invited_by: string | null; accepted_at: Date | null; expires_at: Date }[]
    >(
      `SELECT gi.group_id, g.name AS group_name, gi.invited_by, gi.accepted_at, gi.expires_at
         FROM group_invites gi JOIN groups g ON g.id = gi.group_id WHERE gi.token_hash = $1`,
      [tokenHash],
    );
    return row
      ? { groupId: row.group_id, groupName: row.group_name, invitedBy: row.invited_by, acceptedAt: row.accepted_at, expiresAt: row.expires_at }
      : null;
  }

  /**
   * Spends an open invitation for this address: a conditional update, so that of two
   * concurrent accepts one wins. Null: nothing was spent.
   */
  async spend(manager: EntityManager, tokenHash: string, userId: string, email: string): Promise<{ id: string; groupId: string; invitedBy: string | null } | null> {
    const [row] = returnedRows<{ id: string; group_id: string; invited_by: string | null }>(
      await manager.query(
        `UPDATE group_invites SET accepted_at = now(), accepted_by = $2
          WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now() AND lower(email) = lower($3)
          RETURNING id, group_id, invited_by`,
        [tokenHash, userId, email],
      ),
    );
    return row ? { id: row.id, groupId: row.group_id, invitedBy: row.invited_by } : null;
  }

  /** Why an invitation was not spent (null: there is none with this token). */
  async unspent(manager: EntityManager, tokenHash: string, email: string): Promise<UnspentInvite | null> {
    const [row] = await manager.query<{ accepted_at: Date | null; expires_at: Date; for_caller: boolean }[]>(
      `SELECT accepted_at, expires_at, lower(email) = lower($2) AS for_caller FROM group_invites WHERE token_hash = $1`,
      [tokenHash, email],
    );
    return row ? { acceptedAt: row.accepted_at, expiresAt: row.expires_at, forCaller: row.for_caller } : null;
  }

  async target(manager: EntityManager, groupId: string, userId: string): Promise<InviteTarget> {
    const [row] = await manager.query<{ site_id: string | null; in_site: boolean }[]>(
      `SELECT g.site_id, EXISTS (SELECT 1 FROM deelsite_members sm WHERE sm.site_id = g.site_id AND sm.user_id = $2) AS in_site
         FROM groups g WHERE g.id = $1`,
      [groupId, userId],
    );
    return { siteId: row.site_id, inSite: row.in_site };
  }
}
