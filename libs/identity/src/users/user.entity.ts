import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { IDENTITY_SCHEMA } from '../identity.schema.js';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DIGEST_FREQUENCIES = ['weekly', 'daily', 'never'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const DEFAULT_TIMEZONE = 'Europe/Amsterdam';

/** An account. Deleted accounts stay as anonymised rows so what they wrote keeps an author. */
@Entity({ name: 'users', schema: IDENTITY_SCHEMA })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique case-insensitively (unique index on lower(email)). */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** When the account proved it reads mail at `email`; null until then. */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** A new address asked for by PATCH /me, taking effect once verified. */
  @Column({ name: 'pending_email', type: 'varchar', length: 254, nullable: true })
  pendingEmail!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName!: string;

  /** argon2id; null for deleted accounts, which can no longer log in. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  affiliation!: string | null;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @Column({ type: 'varchar', length: 2, default: 'nl' })
  locale!: Locale;

  @Column({ type: 'varchar', length: 64, default: DEFAULT_TIMEZONE })
  timezone!: string;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  @Column({ name: 'digest_frequency', type: 'varchar', length: 10, default: 'weekly' })
  digestFrequency!: DigestFrequency;

  /** Counts up when the reader subscribes again after unsubscribing: old unsubscribe links stop working. */
  @Column({ name: 'digest_subscription', type: 'integer', default: 1 })
  digestSubscription!: number;

  @Column({ name: 'last_digest_at', type: 'timestamptz', nullable: true })
  lastDigestAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
