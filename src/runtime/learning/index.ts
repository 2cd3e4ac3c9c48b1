export * from './model';
export * from './ports';
export * from './learned-correlation';
