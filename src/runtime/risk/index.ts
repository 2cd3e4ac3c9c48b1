export * from './schema';
export * from './default-policies';
export * from './freeze';
export * from './environment';
export * from './evaluate';
export * from './input';
export * from './resource-tags';
