import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

/** Bytes that go beside export.json in the zip export (my files): opened one at a time, when the zip reaches them. */
export interface PersonalAttachment {
  /** Where it lies in the zip, e.g. "files/<id>/notulen.txt". */
  path: string;
  size: number;
  modifiedAt: Date;
  open(): Readable;
}

/**
 * What one lib holds about a user: its part of the data export, and what it does when
 * the user deletes their account. Libs register one each, so identity can export and
 * erase across the platform without importing the libs above it.
 */
export interface PersonalDataContributor {
  /** Key of this part in the export, e.g. "account", "memberships". */
  section: string;
  exportFor(userId: string): Promise<unknown>;
  /** The bytes of what this part lists (GET /me/export?format=zip), never read before the zip needs them. */
  attachmentsFor?(userId: string): Promise<PersonalAttachment[]>;
  /** Runs inside the deletion's transaction: everything is erased, or nothing. */
  eraseFor?(userId: string, manager: EntityManager): Promise<void>;
}

@Injectable()
export class PersonalDataRegistry {
  private readonly contributors: PersonalDataContributor[] = [];

  register(contributor: PersonalDataContributor): void {
    if (this.contributors.some((existing) => existing.section === contributor.section)) {
      throw new Error(`Personal data section ${contributor.section} is registered twice`);
    }
    this.contributors.push(contributor);
  }

  async exportFor(userId: string): Promise<Record<string, unknown>> {
    const parts = await Promise.all(
      this.contributors.map(async (contributor) => [contributor.section, await contributor.exportFor(userId)] as const),
    );
    return Object.fromEntries(parts);
  }

  async attachmentsFor(userId: string): Promise<PersonalAttachment[]> {
    const parts = await Promise.all(this.contributors.map((contributor) => contributor.attachmentsFor?.(userId) ?? Promise.resolve([])));
    return parts.flat();
  }

  async eraseFor(userId: string, manager: EntityManager): Promise<void> {
    for (const contributor of this.contributors) await contributor.eraseFor?.(userId, manager);
  }
}
