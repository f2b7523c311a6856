import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AnonymousCache, DomainEvents } from '@kennisplein/core';
import './kennisbank.events.js';

/**
 * A change of the kennisbank drops the anonymous answers this instance keeps (AnonymousCache),
 * so it shows at once here; an account deleted may unlink authors. All go: changes are rare,
 * and a contribution stands in searches, congresses and themes as well.
 */
@Injectable()
export class KennisbankAnswers implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly cache: AnonymousCache,
  ) {}

  onModuleInit(): void {
    this.events.on('kennisbank.changed', () => this.cache.clear());
    this.events.on('user.deleted', () => this.cache.clear());
  }
}
