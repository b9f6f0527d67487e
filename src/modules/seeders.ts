// Module seeders in dependency order.
import type { Seeder } from '../seed.ts';
import { travellersSeeder } from './travellers/seed.ts';
import { lanesSeeder } from './lanes/seed.ts';
export const moduleSeeders: Seeder[] = [travellersSeeder, lanesSeeder];
