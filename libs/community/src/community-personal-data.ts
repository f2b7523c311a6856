import { Injectable, OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { CommunityPersonalDataRepository } from './community-personal-data.repository.js';

/** Community's part of the data export and of account deletion: memberships and requests, and the groups, deelsites and invitations I made. */
@Injectable()
export class CommunityPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly personalData: CommunityPersonalDataRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'memberships',
      exportFor: (userId) => this.personalData.exportFor(userId),
      eraseFor: async (userId, manager) => {
        // Before leaving: no group is left without an owner.
        await this.personalData.passOnOwnership(manager, userId);
        await this.personalData.removeEverywhere(manager, userId);
      },
    });
  }
}
