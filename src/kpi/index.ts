export * from './kpi-dashboard';
