import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserProfileDto } from '../../users/dto/user-profile.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const PASSWORD_MIN_LENGTH = 10;

export class RegisterDto {
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName!: string;
}

export class LoginDto {
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class RefreshTokenDto {
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refreshToken!: string;
}

export class TokenPairDto {
  /** JWT for `Authorization: Bearer`; short-lived. */
  accessToken!: string;
  /** Opaque; spent by POST /auth/refresh. */
  refreshToken!: string;
}

export class SessionDto extends TokenPairDto {
  user!: UserProfileDto;
}
