export class MuteStateDto {
  /** true: the group is left out of my notifications and digests */
  muted!: boolean;
}
