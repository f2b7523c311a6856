export class ThemeDto {
  slug!: string;
  name!: string;
  /** the theme group: joining it follows every contribution of the track */
  groupId!: string;
  contributionCount!: number;
}
