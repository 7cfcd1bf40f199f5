/** Reference data of the fictional city of Зорянськ for seeding, demos and benchmarks. */
export * from './organizations';
export * from './categories';
export * from './streets';
export * from './users';
export * from './people';
export * from './appeal-texts';
