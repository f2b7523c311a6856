import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { KENNISBANK_SCHEMA } from '../kennisbank.schema.js';

/** A congress track such as "ICT en overheid", with the theme group that follows it. */
@Entity({ name: 'themes', schema: KENNISBANK_SCHEMA })
export class Theme {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'group_id', type: 'uuid', unique: true })
  groupId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
