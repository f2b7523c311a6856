import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type ModuleMetadata, type Provider, type Type } from '@nestjs/common';
import { AppConfig } from './app-config.js';
import type { SettingsClass } from './config-section.js';

/** What every feature module's forRoot takes. */
export interface FeatureOptions<Settings extends object> {
  /** Settings given in code, by their variables' names; they win over the environment. */
  config?: Partial<Settings>;
}

/** forRootAsync: the options made by a factory, from the providers it injects. */
export interface FeatureAsyncOptions<Options> {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: FactoryProvider<Options>['useFactory'];
}

export interface FeatureDefinition {
  /**
   * Providers made from the module's options (e.g. content's FileStorage), given the token
   * the options are provided under. Provided app-wide, like the settings.
   */
  providers?: (options: InjectionToken) => Provider[];
}

const tokenOf = (provider: Provider): InjectionToken => ('provide' in provider ? provider.provide : provider);

/** A module class named for the error messages and module graph of Nest. */
function namedModule(name: string): Type {
  const module = { [name]: class {} }[name];
  Module({})(module);
  return module;
}

/**
 * The base of a lib's feature module: `class CommunityModule extends ConfigurableFeature(CommunityConfig) {}`
 * gives it `forRoot(options?)` and `forRootAsync({ imports, inject, useFactory })`.
 *
 * The feature module itself stays static, so the libs above it keep importing it by class
 * and Nest keeps one instance. forRoot returns a small root module importing it beside a
 * global module that holds its options and settings (the environment's, the options
 * winning, validated when the app boots: a bad option stops it with a ConfigError naming
 * the setting), so the feature's providers inject `CommunityConfig` wherever they are.
 */
export function ConfigurableFeature<Settings extends object, Options extends FeatureOptions<Settings> = FeatureOptions<Settings>>(
  settings: SettingsClass<Settings>,
  definition: FeatureDefinition = {},
) {
  const optionsToken = Symbol(`${settings.name} options`);
  const hosts = new WeakMap<Type, { root: Type; held: Type }>();

  function compose(feature: Type, options: Provider, imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    let host = hosts.get(feature);
    if (!host) {
      host = { root: namedModule(`${feature.name}Root`), held: namedModule(`${feature.name}Options`) };
      hosts.set(feature, host);
    }
    const resolved: FactoryProvider<Settings> = {
      provide: settings,
      inject: [AppConfig, optionsToken],
      useFactory: (config: AppConfig, given: Options) => config.section(settings, given.config),
    };
    const extras = definition.providers?.(optionsToken) ?? [];
    return {
      module: host.root,
      imports: [
        { module: host.held, global: true, imports, providers: [options, resolved, ...extras], exports: [settings, ...extras.map(tokenOf)] },
        feature,
      ],
      exports: [feature],
    };
  }

  abstract class Configurable {
    /** The feature with its settings from the environment, `options.config` winning. */
    static forRoot(this: Type, options?: Options): DynamicModule {
      return compose(this, { provide: optionsToken, useValue: options ?? {} }, []);
    }

    /** The feature with options a factory makes (e.g. from the host's own configuration). */
    static forRootAsync(this: Type, options: FeatureAsyncOptions<Options>): DynamicModule {
      return compose(this, { provide: optionsToken, inject: options.inject ?? [], useFactory: options.useFactory }, options.imports ?? []);
    }
  }
  return Configurable;
}
