import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DISCUSSIONS_SCHEMA } from '../discussions.schema.js';

export const THREAD_KINDS = ['discussion', 'feedback', 'comments'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];
export const SUBJECT_TYPES = ['contribution', 'blog_post'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** A conversation in a group. Its messages are numbered 1, 2, 3 … without gaps (lastSeq). */
@Entity({ name: 'threads', schema: DISCUSSIONS_SCHEMA })
export class Thread {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: ThreadKind;

  @Column({ name: 'subject_type', type: 'varchar', length: 20, nullable: true })
  subjectType!: SubjectType | null;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq!: number;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
