import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DISCUSSIONS_SCHEMA } from '../discussions.schema.js';

/** A message: its seq is unique in its thread and assigned in the transaction that inserts it. */
@Entity({ name: 'messages', schema: DISCUSSIONS_SCHEMA })
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** markdown as written */
  @Column({ type: 'text' })
  body!: string;

  /** rendered and sanitized */
  @Column({ type: 'text' })
  html!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** the id the author's client gave it; unique per author (idempotent posting) */
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;
}
