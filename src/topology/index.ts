export * from './app-topology';
