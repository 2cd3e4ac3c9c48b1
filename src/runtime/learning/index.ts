export * from './model';
export * from './ports';
export * from './members';
export * from './learned-correlation';
export * from './incident-feedback';
export * from './feedback';
