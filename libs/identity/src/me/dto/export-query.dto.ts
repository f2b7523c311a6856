import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ExportQuery {
  @ApiPropertyOptional({ enum: ['json', 'zip'], default: 'json', description: 'zip: export.json with the bytes of my files' })
  @IsOptional()
  @IsIn(['json', 'zip'])
  format?: 'json' | 'zip';
}
