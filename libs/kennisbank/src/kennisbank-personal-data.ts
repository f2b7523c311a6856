import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { AuthorsRepository } from './contributions/authors.repository.js';

/** The kennisbank's part of the data export and of account deletion: a user's authorships. */
@Injectable()
export class KennisbankPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly authors: AuthorsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'authorships',
      exportFor: (userId) => this.authors.authorshipsOf(userId),
      // The name on a paper is public record and stays; the link to the account and the email go.
      eraseFor: (userId, manager) => this.authors.unlinkAccount(manager, userId),
    });
  }
}
