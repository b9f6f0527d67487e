// Module seeders in dependency order.
import type { Seeder } from '../seed.ts';
export const moduleSeeders: Seeder[] = [];
