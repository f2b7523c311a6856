import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig, ConfigurableFeature, JobsModule, RequestAuthenticator } from '@kennisplein/core';
import { AccountTokensRepository } from './account/account-tokens.repository.js';
import { AccountService } from './account/account.service.js';
import { AdminAccounts } from './admin/admin-accounts.service.js';
import { AdminBootstrap } from './admin/admin-bootstrap.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { RefreshTokensRepository } from './auth/refresh-tokens.repository.js';
import { SessionCookie } from './auth/session-cookie.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { TokenService } from './auth/token.service.js';
import { IdentityConfig } from './identity.config.js';
import { IdentityPersonalData } from './identity-personal-data.js';
import { IDENTITY_JOBS } from './identity.jobs.js';
import { IdentityProcessor } from './identity.processor.js';
import { MeController } from './me/me.controller.js';
import { OidcFlowCookie } from './oidc/oidc-flow-cookie.js';
import { OidcController } from './oidc/oidc.controller.js';
import { OidcService } from './oidc/oidc.service.js';
import { UserIdentitiesRepository } from './oidc/user-identities.repository.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';

/**
 * Accounts (verified email, password reset, email change), login and sessions (password or
 * institution sign-in over OpenID Connect; JSON tokens or the browser's cookie), profiles
 * and settings, data export and deletion. Import it as `IdentityModule.forRoot(options?)` or
 * forRootAsync; its settings are IdentityConfig.
 */
@Module({
  imports: [
    JobsModule.forFeature(IDENTITY_JOBS),
    JwtModule.registerAsync({
      inject: [AppConfig, IdentityConfig],
      useFactory: (config: AppConfig, settings: IdentityConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: settings.ACCESS_TOKEN_TTL_SECONDS, issuer: 'kennisplein' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'kennisplein' },
      }),
    }),
  ],
  controllers: [AuthController, MeController, OidcController],
  providers: [
    UsersRepository,
    UsersService,
    RefreshTokensRepository,
    PasswordHasher,
    TokenService,
    LoginThrottle,
    SessionCookie,
    AccountTokensRepository,
    AccountService,
    AuthService,
    UserIdentitiesRepository,
    OidcFlowCookie,
    OidcService,
    { provide: RequestAuthenticator, useExisting: AuthService },
    AdminAccounts,
    AdminBootstrap,
    IdentityPersonalData,
    IdentityProcessor,
  ],
  exports: [UsersService, RequestAuthenticator, AdminAccounts],
})
export class IdentityModule extends ConfigurableFeature(IdentityConfig) {}
