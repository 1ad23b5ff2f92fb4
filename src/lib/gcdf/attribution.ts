/**
 * AidData's data is under the Open Data Commons Attribution License (ODC-By 1.0): every public use
 * credits it in these words, linked to the dataset's page.
 */
export const GCDF_ATTRIBUTION = "AidData, Global Chinese Development Finance Dataset, Version 2.0";
export const GCDF_URL = "https://www.aiddata.org/data/aiddata-global-chinese-development-finance-dataset-version-2-0";
export const GCDF_LICENCE = "ODC-By 1.0";

/** The provenance line an imported project carries in `source`. */
export const gcdfSource = (id: string) => `${GCDF_ATTRIBUTION} (AidData project ${id}; ${GCDF_LICENCE})`;
