// Which site (A, B or X) each of the 50 case-study descriptors describes. Kept apart from
// space.ts so that worker threads can use it without loading the data layer.
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, SITES, SITE_SPECIES, Site } from "../data/columns";

/** Which site each of the 50 descriptors belongs to (0 = A, 1 = B, 2 = X), in ALL_DESCRIPTORS order. */
export const DESCRIPTOR_SITE: readonly number[] = ALL_DESCRIPTORS.map((name, j) => {
  if (j < COMPOSITION_DESCRIPTORS.length) return SITES.findIndex((s) => (SITE_SPECIES[s] as readonly string[]).includes(name));
  return SITES.indexOf(name[0] as Site);
});
