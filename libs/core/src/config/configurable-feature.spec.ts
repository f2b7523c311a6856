import { describe, expect, it } from '@jest/globals';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { loadConfig } from './app-config.js';
import { ConfigError, ConfigSection, integerFromEnv } from './config-section.js';
import { ConfigModule } from './config.module.js';
import { ConfigurableFeature } from './configurable-feature.js';

/** A lib's section, as libs/community/src/community.config.ts declares one. */
@ConfigSection()
class GreetingConfig {
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(10)
  GREETING_REPEAT = 1;

  @IsString()
  @MinLength(1)
  GREETING_WORD = 'hallo';
}

@Injectable()
class Greeter {
  constructor(readonly settings: GreetingConfig) {}

  greet(): string {
    return Array.from({ length: this.settings.GREETING_REPEAT }, () => this.settings.GREETING_WORD).join(' ');
  }
}

@Module({ providers: [Greeter], exports: [Greeter] })
class GreetingModule extends ConfigurableFeature(GreetingConfig) {}

/** A lib above it, importing the static module as the libs import each other. */
@Injectable()
class Welcome {
  constructor(readonly greeter: Greeter) {}
}
@Module({ imports: [GreetingModule], providers: [Welcome], exports: [Welcome] })
class WelcomeModule {}

/** A host's own configuration, for forRootAsync. */
@Injectable()
class HostSettings {
  readonly word = 'moin';
}
@Module({ providers: [HostSettings], exports: [HostSettings] })
class HostSettingsModule {}

async function boot(env: Record<string, string>, feature: DynamicModule) {
  const app = await Test.createTestingModule({ imports: [ConfigModule.forRoot(loadConfig(env)), feature, WelcomeModule] }).compile();
  return app;
}

describe('a configurable feature module', () => {
  it('reads its section from the environment by default', async () => {
    const app = await boot({ GREETING_WORD: 'hoi' }, GreetingModule.forRoot());
    expect(app.get(Greeter).greet()).toBe('hoi');
    await app.close();
  });

  it('uses the options it is given, over the environment', async () => {
    const app = await boot({ GREETING_WORD: 'hoi', GREETING_REPEAT: '3' }, GreetingModule.forRoot({ config: { GREETING_WORD: 'dag' } }));
    expect(app.get(Greeter).greet()).toBe('dag dag dag');
    await app.close();
  });

  it('takes its options from a factory with forRootAsync', async () => {
    const feature = GreetingModule.forRootAsync({
      imports: [HostSettingsModule],
      inject: [HostSettings],
      useFactory: (host: HostSettings) => ({ config: { GREETING_WORD: host.word, GREETING_REPEAT: 2 } }),
    });
    const app = await boot({}, feature);
    expect(app.get(Greeter).greet()).toBe('moin moin');
    await app.close();
  });

  it('stays one module for the libs that import it by class', async () => {
    const app = await boot({}, GreetingModule.forRoot({ config: { GREETING_WORD: 'hey' } }));
    expect(app.get(Welcome).greeter).toBe(app.get(Greeter));
    expect(app.get(Welcome).greeter.greet()).toBe('hey');
    await app.close();
  });

  it('refuses a bad option at boot, naming the setting', async () => {
    const boot11 = boot({}, GreetingModule.forRoot({ config: { GREETING_REPEAT: 11 } }));
    await expect(boot11).rejects.toThrow(ConfigError);
    await expect(boot11).rejects.toThrow("GREETING_REPEAT must not be greater than 10 (got 11 in the module's options)");
    const asynchronous = boot({}, GreetingModule.forRootAsync({ useFactory: () => ({ config: { GREETING_WORD: '' } }) }));
    await expect(asynchronous).rejects.toThrow(/GREETING_WORD must be longer than or equal to 1 characters/);
  });

  it('refuses an option that is no setting of its section', async () => {
    const typo = { config: { GREETING_WORDS: 'hoi' } } as unknown as Parameters<typeof GreetingModule.forRoot>[0];
    await expect(boot({}, GreetingModule.forRoot(typo))).rejects.toThrow(/GREETING_WORDS is not a setting of GreetingConfig/);
  });
});

describe('loadConfig with the sections of the loaded libs', () => {
  it('names every bad variable, the platform’s and the sections’ together', () => {
    try {
      loadConfig({ PORT: 'abc', GREETING_REPEAT: 'many' });
      throw new Error('loaded');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).toMatch(/PORT .*"abc"/);
      expect(problems.join('\n')).toMatch(/GREETING_REPEAT .*must be an integer number \(got "many"\)/);
    }
  });

  it('reads a section from the same environment', () => {
    expect(loadConfig({ GREETING_WORD: 'hoi' }).section(GreetingConfig).GREETING_WORD).toBe('hoi');
  });
});
