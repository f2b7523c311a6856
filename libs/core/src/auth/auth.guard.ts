import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken, RequestAuthenticator } from './auth-user.js';
import { AuthErrors } from '../errors/domain-error.js';
import { AuthenticatedRequest, IS_PUBLIC } from './decorators.js';

/**
 * Denies by default: every HTTP route needs a valid access token unless it says @Public().
 * Registered globally by the apps.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    const user = token ? await this.authenticator.authenticate(token) : null;
    if (user) request.user = user;
    if (isPublic) return true;
    if (!user) {
      throw token ? AuthErrors.token_invalid() : AuthErrors.unauthenticated();
    }
    return true;
  }
}
