import { Transform } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserProfileDto } from '../../users/dto/user-profile.dto.js';
import { trimmed } from '@kennisplein/core';

export const PASSWORD_MIN_LENGTH = 10;

/** A browser asks for its refresh token in the httpOnly cookie kp_refresh instead of the answer. */
class BrowserSessionOption {
  @ApiPropertyOptional({ description: 'true: the refresh token goes into the httpOnly cookie kp_refresh (browsers), not into the answer' })
  @IsOptional()
  @IsBoolean()
  cookie?: boolean;
}

export class RegisterDto extends BrowserSessionOption {
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;

  @Transform(trimmed)
  @IsString()
  @Length(1, 100)
  displayName!: string;
}

export class LoginDto extends BrowserSessionOption {
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

/** Refresh and logout: the token in the body (API clients) or, without one, the kp_refresh cookie (browsers). */
export class RefreshTokenDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refreshToken?: string;
}

export class TokenPairDto {
  /** JWT for `Authorization: Bearer`; short-lived. */
  accessToken!: string;
  /** Opaque; spent by POST /auth/refresh. Absent when it went into the kp_refresh cookie. */
  refreshToken?: string;
}

export class VerifyEmailDto {
  /** The token of the verification mail's link. */
  @IsString()
  @MaxLength(256)
  token!: string;
}

export class ForgotPasswordDto {
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto {
  /** The token of the reset mail's link. */
  @IsString()
  @MaxLength(256)
  token!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  newPassword!: string;
}

export class UserAnswerDto {
  user!: UserProfileDto;
}

export class SessionDto extends TokenPairDto {
  user!: UserProfileDto;
}
