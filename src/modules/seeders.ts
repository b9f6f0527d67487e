// Module seeders in dependency order.
import type { Seeder } from '../seed.ts';
import { travellersSeeder } from './travellers/index.ts';
import { lanesSeeder } from './lanes/index.ts';
export const moduleSeeders: Seeder[] = [travellersSeeder, lanesSeeder];
