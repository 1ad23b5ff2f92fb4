/**
 * AidData files each GCDF project under one of the OECD-DAC CRS sector groups, by name
 * (`ENERGY`, `TRANSPORT AND STORAGE`). These are the groups' 3-digit DAC codes, the level AidData
 * codes at (its own "AidData Sector Code" column carries the same numbers): 110 Education, 120
 * Health, 230 Energy, 330 Trade policies… Names outside the list keep their name and get no code.
 */
export const GCDF_SECTORS: Record<string, string> = {
  EDUCATION: "110",
  HEALTH: "120",
  "POPULATION POLICIES/PROGRAMMES AND REPRODUCTIVE HEALTH": "130",
  "WATER SUPPLY AND SANITATION": "140",
  "GOVERNMENT AND CIVIL SOCIETY": "150",
  "OTHER SOCIAL INFRASTRUCTURE AND SERVICES": "160",
  "TRANSPORT AND STORAGE": "210",
  COMMUNICATIONS: "220",
  ENERGY: "230",
  "BANKING AND FINANCIAL SERVICES": "240",
  "BUSINESS AND OTHER SERVICES": "250",
  "AGRICULTURE, FORESTRY, FISHING": "310",
  "INDUSTRY, MINING, CONSTRUCTION": "320",
  "TRADE POLICIES AND REGULATIONS": "330",
  "GENERAL ENVIRONMENTAL PROTECTION": "410",
  "WOMEN IN DEVELOPMENT": "420",
  "OTHER MULTISECTOR": "430",
  "GENERAL BUDGET SUPPORT": "510",
  "DEVELOPMENTAL FOOD AID/FOOD SECURITY ASSISTANCE": "520",
  "OTHER COMMODITY ASSISTANCE": "530",
  "ACTION RELATING TO DEBT": "600",
  "EMERGENCY RESPONSE": "720",
  "RECONSTRUCTION RELIEF AND REHABILITATION": "730",
  "DISASTER PREVENTION AND PREPAREDNESS": "740",
  "ADMINISTRATIVE COSTS OF DONORS": "910",
  "SUPPORT TO NGOS": "920",
  "SUPPORT TO NON-GOVERNMENTAL ORGANISATIONS": "920",
  "REFUGEES IN DONOR COUNTRIES": "930",
  "UNALLOCATED/UNSPECIFIED": "998",
};

/** The DAC sector group code of an AidData sector name (any case and spacing), or null. */
export function sectorCode(name: string): string | null {
  const key = name.trim().toUpperCase().replace(/\s+/g, " ");
  return GCDF_SECTORS[key] ?? null;
}
