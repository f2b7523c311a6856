import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far a user read a thread: the highest seq they marked read. It never moves backwards. */
@Entity({ name: 'thread_reads' })
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
