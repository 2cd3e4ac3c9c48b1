export * from './change-calendar';
