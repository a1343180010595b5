export * from './closeCodes';
export * from './messages';
