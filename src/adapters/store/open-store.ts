import type { Store } from '../../application/ports/store';
import type { Config } from '../../config/config';
import { openCosmosStore } from './cosmos/store';
import { openSqliteStore } from './embedded/store';

/** The one place that picks a store implementation from the configuration. */
export async function openStore(config: Config): Promise<Store> {
  switch (config.store) {
    case 'embedded':
      return openSqliteStore(config.dataDir);
    case 'cosmos':
      return openCosmosStore({ ...config.cosmos!, retentionDays: config.retentionDays });
  }
}
