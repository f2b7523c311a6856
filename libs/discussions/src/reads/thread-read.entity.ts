import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DISCUSSIONS_SCHEMA } from '../discussions.schema.js';

/** How far a user read a thread: the highest seq they marked read. It never moves backwards. */
@Entity({ name: 'thread_reads', schema: DISCUSSIONS_SCHEMA })
export class ThreadRead {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column({ name: 'last_read_seq', type: 'integer' })
  lastReadSeq!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
