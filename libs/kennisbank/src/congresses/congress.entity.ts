import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { KENNISBANK_SCHEMA } from '../kennisbank.schema.js';

/** An organization that hosts a congress (a university of applied sciences, a school, a ministry). */
@Entity({ name: 'organizations', schema: KENNISBANK_SCHEMA })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One NIOC congress, e.g. nioc2025, held on 27 March 2025, organised by Hogeschool Windesheim. */
@Entity({ name: 'congresses', schema: KENNISBANK_SCHEMA })
export class Congress {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'held_on', type: 'date', nullable: true })
  heldOn!: string | null;

  @Column({ name: 'organizer_id', type: 'uuid', nullable: true })
  organizerId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
