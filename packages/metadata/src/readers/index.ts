import { commcareReader } from './commcare.js';
import { dhis2Reader } from './dhis2.js';
import { fieldsYamlReader } from './fields-yaml.js';
import { godataReader } from './godata.js';
import { koboAssetReader } from './kobo-asset.js';
import { openfnReader } from './openfn.js';
import { salesforceReader } from './salesforce.js';
import { sqlReader } from './sql.js';
import { xlsFormReader } from './xlsform.js';
import type { MetadataReader } from '../types.js';

/** Every reader, tried in this order; the first that recognises a file reads it. Explicit on purpose. */
export const readers = [
  salesforceReader,
  dhis2Reader,
  koboAssetReader,
  xlsFormReader,
  commcareReader,
  godataReader,
  openfnReader,
  sqlReader,
  fieldsYamlReader,
] as const satisfies readonly MetadataReader[];
