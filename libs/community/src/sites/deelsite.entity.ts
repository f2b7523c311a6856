import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MembershipPolicy, SiteRole, SiteVisibility } from '../community.types.js';
import { COMMUNITY_SCHEMA } from '../community.schema.js';

/** An organisation's own corner of the platform, often for one congress. */
@Entity({ name: 'deelsites', schema: COMMUNITY_SCHEMA })
export class Deelsite {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  organization!: string;

  /** Slug of the congress this deelsite is for (the kennisbank's), if any. */
  @Column({ type: 'varchar', length: 63, nullable: true })
  congress!: string | null;

  @Column({ type: 'varchar', length: 10 })
  visibility!: SiteVisibility;

  @Column({ type: 'varchar', length: 10 })
  membership!: MembershipPolicy;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'deelsite_members', schema: COMMUNITY_SCHEMA })
export class DeelsiteMember {
  @PrimaryColumn({ name: 'site_id', type: 'uuid' })
  siteId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 10 })
  role!: SiteRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Someone let into a group of a closed deelsite by a non-admin's invitation, waiting for a site admin. */
@Entity({ name: 'deelsite_requests', schema: COMMUNITY_SCHEMA })
export class DeelsiteRequest {
  @PrimaryColumn({ name: 'site_id', type: 'uuid' })
  siteId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The group whose invitation it came from. */
  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @Column({ name: 'invite_id', type: 'uuid', nullable: true })
  inviteId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
