export * from './resource-groups-tag-reader';
