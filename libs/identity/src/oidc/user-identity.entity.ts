import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IDENTITY_SCHEMA } from '../identity.schema.js';

/** An account's identity at an OpenID Connect issuer: who signs in through their institution. */
@Entity({ name: 'user_identities', schema: IDENTITY_SCHEMA })
export class UserIdentity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The issuer's identifier, as its discovery document names it. */
  @Column({ type: 'text' })
  issuer!: string;

  /** The `sub` claim: unique and never reassigned within the issuer. */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
