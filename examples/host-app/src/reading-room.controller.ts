import { Controller, Get } from '@nestjs/common';
import { Public } from '@kennisplein/core';
import { CongressesService } from '@kennisplein/kennisbank';

/** The host's own route beside the plugin's: it reads the kennisbank through its exported service. */
@Controller('reading-room')
export class ReadingRoomController {
  constructor(private readonly congresses: CongressesService) {}

  @Public()
  @Get()
  async welcome(): Promise<{ host: string; congresses: string[] }> {
    const page = await this.congresses.list({ limit: 50 });
    return { host: 'kennisplein-example-host', congresses: page.items.map((congress) => congress.name) };
  }
}
