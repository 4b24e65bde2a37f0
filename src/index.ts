export * from './kserve-version';
export * from './deployment-mode';
export * from './protocol-version';
export * from './storage-uri';
export * from './model';
export * from './component';
export { CustomContainer } from './custom-container';
export * from './inference-service';
