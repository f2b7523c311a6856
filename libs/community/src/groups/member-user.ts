import type { PublicUser } from '@kennisplein/identity';
import type { MemberUserDto } from './dto/group.dto.js';

export function toMemberUser(userId: string, users: Map<string, PublicUser>): MemberUserDto {
  const user = users.get(userId);
  return { id: userId, displayName: user?.displayName ?? '', affiliation: user?.affiliation ?? null };
}
