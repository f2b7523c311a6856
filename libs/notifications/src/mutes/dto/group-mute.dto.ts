/** A group I am a member of, and whether I muted it (GET /me/group-mutes). */
export class GroupMuteDto {
  /** the group's id */
  id!: string;
  name!: string;
  /** true: left out of my notifications and digests (PUT/DELETE /groups/:id/mute) */
  muted!: boolean;
}

/** GET /groups/:id/mute: whether I muted the group (its page shows the mute button by it). */
export class MuteStateDto {
  /** true: the group is left out of my notifications and digests */
  muted!: boolean;
}
