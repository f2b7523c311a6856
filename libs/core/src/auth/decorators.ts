import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'kennisplein:isPublic';

/** The route is open to anonymous callers; a valid token still identifies the caller. */
export const Public = () =>
  applyDecorators(
    SetMetadata(IS_PUBLIC, true),
    // OpenAPI: the bearer token is optional here ({} = no requirement).
    ApiSecurity({}),
    ApiSecurity('bearer'),
  );

export interface AuthenticatedRequest extends Request {
  user?: AuthUser;
}

/** The authenticated caller; on @Public() routes undefined for anonymous callers. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
